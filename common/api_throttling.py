"""Rate limits of the API (DRF throttling), counted in the Django cache: Redis in production, so every web
process shares the counts. A request over the limit answers 429 with ``Retry-After`` (seconds).

The rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (config/settings/base.py, from the environment),
read for every request, so a changed setting counts at once; a rate of None switches that limit off."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class RateLimited(Throttled):
    """DRF's 429 (with ``Retry-After``), in plain Dutch."""

    default_detail = _("Te veel verzoeken.")
    # Lazy, so each request gets its own language; DRF only calls .format() on them (the stubs say str).
    extra_detail_singular = _("Probeer het over {wait} seconde opnieuw.")  # type: ignore[assignment]
    extra_detail_plural = _("Probeer het over {wait} seconden opnieuw.")  # type: ignore[assignment]


class ApiRateThrottle(SimpleRateThrottle):
    """Base: the rate of ``scope``, looked up when the request comes in. Over the limit it raises RateLimited
    itself (a view has one throttle, so there is no other wait to compare). If the cache cannot be reached
    the request goes through and a warning is logged: a lost count must not take the API down."""

    def get_rate(self) -> str | None:
        rates = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(
                f'REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] has no rate for {self.scope!r}'
            )
        rate = rates[self.scope]  # "100/min" (the stubs type the values as numbers)
        return None if rate is None else str(rate)

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            allowed = super().allow_request(request, view)
        except Exception:
            logger.warning(
                "API rate limit %r not checked: the cache is unavailable", self.scope, exc_info=True
            )
            return True
        if not allowed:
            raise RateLimited(self.wait())
        return True


class UserRateThrottle(ApiRateThrottle):
    """Per user, whether the request carries one of the user's API keys or the browser session: all of them
    count together. Anonymous requests are refused before they are counted."""

    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
