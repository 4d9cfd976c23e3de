from caseplan.models.case import Case, CaseStatus, PrioritisedBy
from caseplan.models.client import CivilStatus, Client, ClientChild
from caseplan.models.permissions import CaseGroupObjectPermission, CaseUserObjectPermission
from caseplan.models.team import CaseAccess, CaseMember, CaseRole

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
    "PrioritisedBy",
]
