from caseplan.models.case import Case, CaseStatus, PrioritisedBy
from caseplan.models.client import CivilStatus, Client, ClientChild
from caseplan.models.permissions import CaseGroupObjectPermission, CaseUserObjectPermission
from caseplan.models.plan import (
    Goal,
    GoalKind,
    GoalResult,
    Intervention,
    PdfStatus,
    Plan,
    PlanDomain,
    PlanPdf,
    PlanSanction,
    PlanSection,
    PlanVersion,
    VersionStatus,
)
from caseplan.models.team import CaseAccess, CaseMember, CaseRole
from caseplan.models.templates import DomainKind, PlanTemplate, SanctionGroup, SanctionOption, TemplateDomain

__all__ = [
    "Case",
    "CaseAccess",
    "CaseGroupObjectPermission",
    "CaseMember",
    "CaseRole",
    "CaseStatus",
    "CaseUserObjectPermission",
    "CivilStatus",
    "Client",
    "ClientChild",
    "DomainKind",
    "Goal",
    "GoalKind",
    "GoalResult",
    "Intervention",
    "PdfStatus",
    "Plan",
    "PlanDomain",
    "PlanPdf",
    "PlanSanction",
    "PlanSection",
    "PlanTemplate",
    "PlanVersion",
    "PrioritisedBy",
    "SanctionGroup",
    "SanctionOption",
    "TemplateDomain",
    "VersionStatus",
]
