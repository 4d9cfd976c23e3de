from django.conf import settings
from django.http import HttpRequest

from privacy.models import Function

# Functions that work in nazorg; the page itself checks the organisation too.
NAZORG_FUNCTIONS = (Function.MMD, Function.CONTACTPERSOON_NAZORG, Function.COORDINATOR)


def app_context(request: HttpRequest) -> dict[str, object]:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "SESSION_IDLE_MINUTES": settings.SESSION_IDLE_MINUTES,
        "AXES_COOLOFF_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "NAZORG_FUNCTIONS": NAZORG_FUNCTIONS,
    }
