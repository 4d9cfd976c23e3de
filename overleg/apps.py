from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverlegConfig(AppConfig):
    name = "overleg"
    verbose_name = _("Casusoverleg")

    def ready(self) -> None:
        # caseplan sits below overleg and reaches it only through its hooks (caseplan/hooks.py).
        from caseplan.hooks import (
            register_case_fact,
            register_case_figures,
            register_case_tab,
            register_last_discussed,
            register_meeting_referral,
        )
        from overleg.hooks import (
            OVERLEG_TAB,
            case_fact_last_discussed,
            meeting_referral,
            not_discussed_figures,
        )
        from overleg.selectors import last_discussed_max

        register_case_tab(OVERLEG_TAB)
        register_case_fact(case_fact_last_discussed)
        register_case_figures(not_discussed_figures)
        register_last_discussed(last_discussed_max)  # the case dossier's retention counts from it
        register_meeting_referral(meeting_referral)
