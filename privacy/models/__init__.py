from privacy.models.access_log import AccessLog
from privacy.models.api_token import ApiToken, TokenState
from privacy.models.organisation import Organisation, OrganisationType
from privacy.models.purpose import Purpose
from privacy.models.retention import (
    CountsFrom,
    Decision,
    DestructionItem,
    DestructionList,
    HoldKind,
    HoldReason,
    HoldSubject,
    ItemStatus,
    ListOrigin,
    ListStatus,
    RetentionHold,
    RetentionRule,
    TermUnit,
)
from privacy.models.two_factor import AuthenticatorApp, BackupCodes
from privacy.models.user import Function, User

__all__ = [
    "AccessLog",
    "ApiToken",
    "AuthenticatorApp",
    "BackupCodes",
    "CountsFrom",
    "Decision",
    "DestructionItem",
    "DestructionList",
    "Function",
    "HoldKind",
    "HoldReason",
    "HoldSubject",
    "ItemStatus",
    "ListOrigin",
    "ListStatus",
    "Organisation",
    "OrganisationType",
    "Purpose",
    "RetentionHold",
    "RetentionRule",
    "TermUnit",
    "TokenState",
    "User",
]
