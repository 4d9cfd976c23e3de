from django.apps import AppConfig


class NazorgConfig(AppConfig):
    name = "nazorg"

    def ready(self) -> None:
        from common.files import delete_files_with_records

        delete_files_with_records(self)
