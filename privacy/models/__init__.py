from privacy.models.access_log import AccessLog
from privacy.models.organisation import Organisation, OrganisationType
from privacy.models.purpose import Purpose
from privacy.models.user import Function, User

__all__ = ["AccessLog", "Function", "Organisation", "OrganisationType", "Purpose", "User"]
