from caseplan.models.case import Case, CaseStatus, PrioritisedBy
from caseplan.models.client import CivilStatus, Client, ClientChild
from caseplan.models.contract import (
    OPEN_STATUSES,
    Contract,
    ContractStatus,
    DurationKind,
    SignatureMethod,
    TerminationReason,
)
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
    "OPEN_STATUSES",
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
    "Contract",
    "ContractStatus",
    "DomainKind",
    "DurationKind",
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
    "SignatureMethod",
    "TemplateDomain",
    "TerminationReason",
    "VersionStatus",
]
