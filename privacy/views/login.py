"""Login with a second factor (TOTP via django-otp, static backup codes as the fallback)."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.middleware import is_verified
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from privacy.forms import LoginForm, TokenForm
from privacy.models import Function

BACKUP_CODE_COUNT = 10


class LoginView(auth_views.LoginView):
    template_name = "privacy/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _to_login(request: HttpRequest) -> HttpResponse:
    """The second step needs the first: a visitor without a password login starts at the login page."""
    return redirect_to_login(_safe_next(request), reverse(settings.LOGIN_URL))


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _to_login(request)
    if is_verified(request.user):
        return redirect(_safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
    return render(request, "privacy/otp_verify.html", {"form": form, "next": _safe_next(request)})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """First login: link an authenticator app, then show the backup codes once."""
    user = request.user
    if not user.is_authenticated:
        return _to_login(request)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"/inloggen/verificatie/?next={_safe_next(request)}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator-app"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = _new_backup_codes(user)
            messages.success(request, _("Tweestapsverificatie is ingesteld."))
            return render(request, "privacy/backup_codes.html", {"codes": codes, "next": _safe_next(request)})
        form.add_error(
            "token", _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "privacy/otp_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret, "next": _safe_next(request)},
    )


def _new_backup_codes(user: object) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(user=user, name="Reservecodes")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes


def home(request: HttpRequest) -> HttpResponse:
    """MMD'ers and contact persons start in nazorg, the CO24 back office at its phone screen, the privacy
    officer in the privacy pages; everyone else in their cases."""
    if request.user.is_authenticated and request.user.function in (
        Function.MMD,
        Function.CONTACTPERSOON_NAZORG,
    ):
        return redirect("nazorg:index")
    if request.user.is_authenticated and request.user.function == Function.BACKOFFICE:
        return redirect("co24:intake")
    if request.user.is_authenticated and request.user.function == Function.PRIVACY_OFFICER:
        return redirect("privacy:home")
    return redirect("caseplan:my_cases")
