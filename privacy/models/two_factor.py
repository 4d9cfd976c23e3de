"""The second login factor as the functional administrator sees it: Dutch names for django-otp's devices.

django-otp's own models and admin carry English strings that are not marked for translation, so the
admin shows these proxies instead (``privacy/admin.py``). Nothing is stored differently.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps (tweestapsverificatie)")


class BackupCodes(StaticDevice):
    class Meta:
        proxy = True
        verbose_name = _("set reservecodes")
        verbose_name_plural = _("reservecodes (tweestapsverificatie)")
