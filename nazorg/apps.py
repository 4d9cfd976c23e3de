from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "nazorg"

    def ready(self) -> None:
        from caseplan.hooks import register_release_figure
        from common.files import delete_files_with_records
        from nazorg.hooks import register_retention, release_figure

        delete_files_with_records(self)
        register_release_figure(release_figure)  # the dashboard's nazorg figure (caseplan/hooks.py)
        register_retention()  # episodes, idempotency records, holds by episode number (privacy/hooks.py)
