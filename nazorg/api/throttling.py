"""The prison API's rate limit: per organisation key (each key of a prison counts on its own)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from common.api_throttling import ApiRateThrottle
from privacy.models import ApiToken


class OrganisationKeyThrottle(ApiRateThrottle):
    scope = "organisation_key"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken) or not request.auth.is_organisation_key:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
