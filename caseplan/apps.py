from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseplanConfig(AppConfig):
    name = "caseplan"
    verbose_name = _("Casussen en plannen")

    def ready(self) -> None:
        from caseplan.hooks import register_retention
        from caseplan.selectors.client_search import clients_for_privacy_search
        from common.files import delete_files_with_records
        from privacy.access_log.hooks import register_client_resolver

        delete_files_with_records(self)
        register_retention()  # the case dossier and generated PDFs (privacy/hooks.py)
        register_client_resolver(clients_for_privacy_search)  # the access-log viewer's client search
