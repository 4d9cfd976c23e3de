from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Meldingen")

    def ready(self) -> None:
        from notifications.hooks import register_retention

        register_retention()  # notifications' retention and the failed-destruction message (privacy/hooks.py)
