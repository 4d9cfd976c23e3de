from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "nazorg"

    def ready(self) -> None:
        from caseplan.hooks import register_release_figure
        from common.files import delete_files_with_records
        from nazorg.hooks import release_figure

        delete_files_with_records(self)
        register_release_figure(release_figure)  # the dashboard's nazorg figure (caseplan/hooks.py)
