from django.apps import AppConfig


class Co24Config(AppConfig):
    name = "co24"

    def ready(self) -> None:
        from co24.hooks import register_retention

        register_retention()  # the CO24dak journal's retention (privacy/hooks.py)
