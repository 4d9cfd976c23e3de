from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy en toegang")
    default = True

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from privacy.hooks import PeriodSpec, RetentionKind, register_retention_kind
        from privacy.models import AccessLog, CountsFrom

        # The access log keeps its rows when clients are destroyed (ids, not content), under its own rule.
        register_retention_kind(
            RetentionKind(
                key="access_log",
                label=gettext_lazy("Inzagelog"),
                root="",
                counts_from=(CountsFrom.CREATED,),
                period=PeriodSpec(model=AccessLog, field="at"),
            )
        )


class AxesConfig(AxesAppConfig):
    """django-axes (login lockout) under a Dutch name in the admin; installed as ``privacy.apps.AxesConfig``."""

    verbose_name = _("Inlogpogingen en blokkeringen")
    default = False
