from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy en toegang")
    default = True


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) under a Dutch name in the admin; installed as ``privacy.apps.AxesConfig``."""

    verbose_name = _("Inlogpogingen en blokkeringen")
    default = False
