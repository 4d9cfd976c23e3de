from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Termijnen")

    def ready(self) -> None:
        # caseplan sits below deadlines and reaches it only through its hooks (caseplan/hooks.py).
        from caseplan.hooks import register_deadline_figures, register_deadline_keeper
        from deadlines.hooks import CaseplanDeadlines, deadline_figures

        register_deadline_keeper(CaseplanDeadlines())
        register_deadline_figures(deadline_figures)

        # A deadline belongs to the dossier of its subject (a case, plan, contract, episode, alert, action).
        from common.destruction import GenericEdge
        from deadlines.models import Deadline
        from privacy.hooks import register_generic_edge

        register_generic_edge(GenericEdge(Deadline, "subject_type", "subject_id"))
