"""The demo data: realistic, complete for every function, and idempotent."""

from __future__ import annotations

import io

from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Case, CaseMember
from caseplan.validators import bsn_is_valid
from privacy.models import Function, Organisation, OrganisationType, User
from tests.privacy.test_login import login_with_code


def test_seed_demo_is_complete_and_idempotent(db):
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        CaseMember.objects.count(),
    )
    assert Organisation.objects.filter(type=OrganisationType.GEMEENTE).count() == 14
    assert Organisation.objects.get(name__contains="Enschede", type="gemeente").cbs_code == "GM0153"
    assert {user.function for user in User.objects.all()} == set(Function.values)
    assert 45 <= counts[2] <= 60
    assert all(bsn_is_valid(case.client.bsn) for case in Case.objects.select_related("client"))
    assert "procesmanager@enschede.demo" in out.getvalue()

    from caseplan.models import PlanVersion

    published = PlanVersion.objects.filter(status="vastgesteld").count()
    assert published >= 5
    assert PlanVersion.objects.filter(status="concept").exists()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert PlanVersion.objects.filter(status="vastgesteld").count() == published
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Case.objects.count(),
        CaseMember.objects.count(),
    ) == counts

    user = User.objects.get(email="procesmanager@enschede.demo")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    http = login_with_code(user.email, "demo-wachtwoord-2026", code)
    assert http.get("/casussen/").status_code == 200
