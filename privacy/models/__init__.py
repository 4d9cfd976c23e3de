from privacy.models.access_log import AccessLog
from privacy.models.api_token import ApiToken, TokenState
from privacy.models.organisation import Organisation, OrganisationType
from privacy.models.purpose import Purpose
from privacy.models.two_factor import AuthenticatorApp, BackupCodes
from privacy.models.user import Function, User

__all__ = [
    "AccessLog",
    "ApiToken",
    "AuthenticatorApp",
    "BackupCodes",
    "Function",
    "Organisation",
    "OrganisationType",
    "Purpose",
    "TokenState",
    "User",
]
