"""Every page needs a logged-in user who passed the second factor; an expired session loses no input."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.api_problem import problem_response
from common.stash import csrf_rejection, stash_post

OPEN_PREFIXES = ("/inloggen/", "/i18n/", "/health/", "/static/", "/favicon.ico")
SECOND_FACTOR_PREFIXES = ("/inloggen/", "/uitloggen/", "/i18n/", "/static/", "/health/")


class DutchFirstMiddleware:
    """Dutch unless the user picked another language with the switch: the browser's Accept-Language
    header does not decide, so a professional with an English operating system still gets Dutch."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class LoginAndTwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = request.user
        is_api = path.startswith("/api/")
        if not user.is_authenticated:
            # The API authenticates tokens itself and answers 401/403 in JSON.
            if is_api or path.startswith(OPEN_PREFIXES) or path == "/uitloggen/":
                return self.get_response(request)
            if request.method == "POST":
                # A request from another site (or with a bad token) is refused as Django would refuse it:
                # nothing stashed, no session created, the victim's session cookie left alone.
                rejected = csrf_rejection(request)
                if rejected is not None:
                    return rejected
                stash_post(request)
                messages.warning(
                    request,
                    _(
                        "Uw sessie was verlopen. Wat u had ingevuld is bewaard: log opnieuw in, "
                        "controleer het en sla het dan op."
                    ),
                )
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        if not is_verified(user) and not path.startswith(SECOND_FACTOR_PREFIXES):
            if is_api:
                return problem_response(
                    request,
                    401,
                    _("Tweestapsverificatie is nog niet afgerond."),
                    code="second_factor_required",
                )
            target = (
                "privacy:otp_verify"
                if TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                else "privacy:otp_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
