from privacy.models.access_log import AccessLog
from privacy.models.api_token import ApiToken, TokenState
from privacy.models.organisation import Organisation, OrganisationType
from privacy.models.purpose import Purpose
from privacy.models.user import Function, User

__all__ = [
    "AccessLog",
    "ApiToken",
    "Function",
    "Organisation",
    "OrganisationType",
    "Purpose",
    "TokenState",
    "User",
]
