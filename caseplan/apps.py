from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseplanConfig(AppConfig):
    name = "caseplan"
    verbose_name = _("Casussen en plannen")

    def ready(self) -> None:
        from caseplan.hooks import register_retention
        from common.files import delete_files_with_records

        delete_files_with_records(self)
        register_retention()  # the case dossier and generated PDFs (privacy/hooks.py)
