"""The demo data: realistic, complete for every function, and idempotent."""

from __future__ import annotations

import io

from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseplan.models import Case, CaseMember
from common.validators import bsn_is_valid
from deadlines.models import ACTIVE_STATUSES, Deadline
from nazorg.models import DetentionEpisode, DocumentStatus, EpisodeShare, HandoverStatus, NazorgDocument
from overleg.models import AgendaItem, Meeting
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
        DetentionEpisode.objects.count(),
        NazorgDocument.objects.count(),
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
        DetentionEpisode.objects.count(),
        NazorgDocument.objects.count(),
    ) == counts
    assert Meeting.objects.filter(title="Casusoverleg PGA Twente").count() == 5

    # the weekly casusoverleg in Twente: four meetings held with minutes and actions, the next one planned
    meetings = list(Meeting.objects.filter(title="Casusoverleg PGA Twente").order_by("starts_at"))
    assert [m.status for m in meetings] == ["gehouden"] * 4 + ["gepland"]
    assert {m.starts_at.weekday() for m in meetings} == {1}
    assert AgendaItem.objects.filter(meeting__in=meetings[:4], discussed=True).count() >= 8
    assert Deadline.objects.filter(kind="overleg-actie").count() == 4
    assert AgendaItem.objects.filter(meeting=meetings[-1]).count() == 3

    user = User.objects.get(email="procesmanager@enschede.demo")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    http = login_with_code(user.email, "demo-wachtwoord-2026", code)
    assert http.get("/casussen/").status_code == 200


def test_seed_demo_has_detainees_in_every_state_of_the_hand_over(db):
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    assert "Detenties:    10 nieuw, 0 al aanwezig" in out.getvalue()
    episodes = DetentionEpisode.objects.all()
    assert episodes.count() == 10
    assert {e.prison.name for e in episodes.select_related("prison")} == {"PI Almelo", "PI Zwolle"}
    assert episodes.filter(notice_received_on__isnull=True).count() == 1  # registered only
    assert episodes.filter(gemeente__isnull=True, notice_received_on__isnull=False).count() == 1  # the queue
    assert episodes.filter(handover_status=HandoverStatus.IMPORTED, case__isnull=False).count() == 1
    awaiting = episodes.filter(released_on__isnull=False).exclude(handover_status=HandoverStatus.IMPORTED)
    assert awaiting.count() == 1 and awaiting.get().title_ended
    assert any(e.is_long_stay for e in episodes)
    assert Deadline.objects.filter(kind="nazorg-langverblijf", status__in=ACTIVE_STATUSES).exists()
    for kind in ("meldingsblad", "gemeenteblad", "basisdocument", "ontslagbericht"):
        assert NazorgDocument.objects.filter(kind=kind, status=DocumentStatus.SUBMITTED).exists(), kind
    assert NazorgDocument.objects.filter(status=DocumentStatus.DRAFT).exists()
    assert EpisodeShare.objects.exists()

    for email, url in (
        ("nazorg@enschede.demo", "/nazorg/inbox/"),
        ("mmd@pi-almelo.demo", "/nazorg/werklijst/"),
        ("coordinator@enschede.demo", "/nazorg/wachtrij/"),
    ):
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page = login_with_code(email, "demo-wachtwoord-2026", code).get(url)
        assert page.status_code == 200 and "NZ-" in page.content.decode(), email
    call_command("seed_demo", force=True, stdout=out)
    assert "Detenties:    0 nieuw, 10 al aanwezig" in out.getvalue()


def test_seed_demo_gives_the_back_office_enrolled_clients_with_a_journal(db):
    from co24.models import Alert, Enrolment, Signal

    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    assert "CO24dak:      3 casussen aangemeld" in out.getvalue()
    assert Enrolment.objects.count() == 3 and Signal.objects.count() == 15
    assert Signal.objects.filter(caller__isnull=True).count() == 3
    assert Alert.objects.exists()  # the journal crosses a tipping point
    device = TOTPDevice.objects.get(user__email="backoffice@co24.demo", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    http = login_with_code("backoffice@co24.demo", "demo-wachtwoord-2026", code)
    case = Enrolment.objects.select_related("case__client").first().case
    found = http.get("/co24/zoeken/", {"q": case.client.achternaam}).content.decode()
    assert case.reference in found
    call_command("seed_demo", force=True, stdout=out)
    assert Signal.objects.count() == 15
