"""The benchmark command at tiny scale: it seeds like the services do, measures every scenario, reports."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from caseplan.access import cases_visible_to, user_can_change_case
from caseplan.models import (
    Case,
    CaseAccess,
    CaseGroupObjectPermission,
    CaseMember,
    CaseRole,
    CaseStatus,
    CaseUserObjectPermission,
)
from common.documents import clean, completeness_errors
from deadlines.models import ACTIVE_STATUSES, Deadline, DeadlineStatus
from deadlines.services.calendar import compute_due
from nazorg.models import (
    Consent,
    DetentionEpisode,
    DocumentStatus,
    EpisodeShare,
    HandoverEvent,
    HandoverStatus,
    NazorgDocument,
    ReleaseDateChange,
)
from nazorg.schema import SPECS
from nazorg.selectors.episodes import inbox_for, queue_for, worklist_for
from nazorg.services.consent import covering_consent
from nazorg.services.deadlines import episode_sync_deadlines
from nazorg.services.episodes import gemeente_van_herkomst
from notifications.models import Notification
from ops.bench.co24_scenarios import CO24_BACKOFFICE, CO24_TEAM
from ops.bench.context import COORDINATOR, PM
from ops.bench.nazorg_data import BENCH_MMD_EMAIL, BENCH_NAZORG_EMAIL
from ops.bench.nazorg_scenarios import MMD, NAZORG
from ops.bench.overleg_scenarios import OVERLEG
from ops.bench.scenarios import SCENARIOS
from ops.bench.seed import BENCH_COORDINATOR_EMAIL, BENCH_EMAIL
from privacy.models import Function, User
from tests.factories import OrganisationFactory
from tests.ops.test_benchmark_overleg import _wipe_overleg

TINY = ["--cases", "200", "--users", "50", "--orgs", "20", "--repeat", "2", "--warmup", "1", "--skip-jobs"]
NUMBER = re.compile(r"\d+(\.\d+)?")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("benchmark", *TINY, *args, stdout=out)
    return out.getvalue()


def _numeric_rows(report: str, name: str) -> list[list[str]]:
    rows = []
    for match in re.finditer(rf"^\| {re.escape(name)} \|(.*)\|$", report, re.MULTILINE):
        cells = [cell.strip() for cell in match.group(1).split("|")]
        if len(cells) == 6 and all(NUMBER.fullmatch(cell) for cell in cells):
            rows.append(cells)
    return rows


@pytest.mark.django_db
def test_report_has_a_row_with_numbers_for_every_scenario(tmp_path):
    output = tmp_path / "benchmarks.md"
    stdout = _run("--output", str(output))

    report = output.read_text(encoding="utf-8")
    for scenario in SCENARIOS:
        assert len(_numeric_rows(report, scenario.name)) == 1, scenario.name
        assert _numeric_rows(stdout, scenario.name), scenario.name
    assert "p95 ≤ 150 ms" in report
    pdf_line = next(line for line in report.splitlines() if line.startswith("WeasyPrint render of version"))
    assert "p95" in pdf_line and "Target: under 1.5 s" in pdf_line
    assert "| caseplan_case | 200 |" in report
    assert "| nazorg_detentionepisode | 200 |" in report  # one detention episode per case
    assert Deadline.objects.filter(subject_type=ContentType.objects.get_for_model(Case)).count() == 1_000
    assert BENCH_COORDINATOR_EMAIL in report
    assert {scenario.identity for scenario in SCENARIOS} == {
        PM,
        COORDINATOR,
        MMD,
        NAZORG,
        CO24_TEAM,
        CO24_BACKOFFICE,
        OVERLEG,
    }
    for url in (
        "/casussen/dashboard/",
        "/casussen/dashboard/?team=1",
        "/termijnen/?status=verlopen",
        "/werk/",
        "/nazorg/inbox/?tab=nieuw",
        "/nazorg/inbox/?tab=ontslagen",
        "/nazorg/werklijst/",
        "/nazorg/wachtrij/",
    ):
        assert f"`{url}`" in report, url
    assert "`/meldingen/`" in report and "`/api/v1/deadlines/`" in report


@pytest.mark.django_db
def test_seeded_permissions_mirror_the_case_teams(tmp_path):
    _run("--output", str(tmp_path / "report.md"))
    bench = User.objects.get(email=BENCH_EMAIL)
    active = CaseMember.objects.filter(removed_at__isnull=True)

    direct = set(active.filter(user=bench).values_list("case_id", flat=True))
    via_group = set(active.filter(organisation__group__user=bench).values_list("case_id", flat=True))
    assert direct and via_group
    assert set(cases_visible_to(bench).values_list("pk", flat=True)) == direct | via_group

    for member in active.filter(user__isnull=False).select_related("user", "case")[:60]:
        org_writer = active.filter(
            case=member.case, organisation__group__user=member.user, access=CaseAccess.WRITE
        ).exists()
        expected = member.access == CaseAccess.WRITE or org_writer
        assert user_can_change_case(member.user, member.case) == expected
    for former in CaseMember.objects.filter(removed_at__isnull=False, user__isnull=False):
        assert not CaseUserObjectPermission.objects.filter(
            user=former.user, content_object=former.case
        ).exists()


@pytest.mark.django_db
def test_reuse_keeps_the_data_and_other_data_is_not_wiped(tmp_path):
    one = ["--scenario", "Mijn casussen"]
    _run(*one, "--output", str(tmp_path / "first.md"))
    assert "Reusing" in _run(*one, "--reuse", "--output", str(tmp_path / "second.md"))

    CaseMember.objects.all().delete()
    User.objects.filter(email=BENCH_EMAIL).update(email="someone@else.example")
    OrganisationFactory()
    with pytest.raises(CommandError, match="--flush"):
        _run(*one, "--output", str(tmp_path / "third.md"))


PROCESS_MANAGER_ROLES = {CaseRole.PROCESMANAGER_GEMEENTE, CaseRole.PROCESMANAGER_VH}
NAZORG_MODELS = (DetentionEpisode, NazorgDocument, HandoverEvent, ReleaseDateChange, Consent, EpisodeShare)


def _wipe_nazorg() -> None:
    """A database seeded before nazorg existed (the episode reference sequence keeps counting)."""
    models = [*NAZORG_MODELS, DetentionEpisode.history.model, NazorgDocument.history.model]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in models)}")
    User.objects.filter(email__in=[BENCH_MMD_EMAIL, BENCH_NAZORG_EMAIL]).delete()


@pytest.mark.django_db
def test_seeded_deadlines_mirror_the_deadline_services(tmp_path):
    _run("--scenario", "Mijn werk", "--output", str(tmp_path / "report.md"))
    case_type = ContentType.objects.get_for_model(Case)
    deadlines = list(
        Deadline.objects.filter(subject_type=case_type).select_related("rule", "case", "owner_user")
    )
    assert len(deadlines) == 1_000  # five per case
    statuses = {status: 0 for status in DeadlineStatus.values}
    active = set()
    for deadline in deadlines:
        statuses[deadline.status] += 1
        assert (deadline.subject_type_id, deadline.subject_id) == (case_type.pk, deadline.case_id)
        assert deadline.kind == deadline.rule.code
        assert deadline.kind in ("maatwerkplan-opstellen", "plan-evaluatie") or deadline.kind.startswith(
            "nazorg-"
        )
        assert deadline.due_on == compute_due(deadline.rule, deadline.anchor_date), deadline.pk
        assert (deadline.done_at is not None) == (deadline.status == DeadlineStatus.DONE)
        if deadline.status == DeadlineStatus.OVERDUE:
            assert deadline.escalation_level == 1
        if deadline.status == DeadlineStatus.ESCALATED:
            assert deadline.escalation_level in (2, 3)
        if deadline.is_active:
            assert deadline.case.status != CaseStatus.AFGESLOTEN
            assert (deadline.case_id, deadline.kind) not in active  # one_active_deadline_per_subject_and_kind
            active.add((deadline.case_id, deadline.kind))
        if deadline.owner_user_id:
            assert CaseMember.objects.filter(
                case=deadline.case,
                user=deadline.owner_user,
                role__in=PROCESS_MANAGER_ROLES,
                removed_at__isnull=True,
            ).exists()
        else:
            assert deadline.owner_organisation_id == deadline.case.gemeente_id
    assert all(statuses.values()), statuses
    assert statuses[DeadlineStatus.DONE] > statuses[DeadlineStatus.OPEN] > statuses[DeadlineStatus.OVERDUE]

    bench = User.objects.get(email=BENCH_EMAIL)
    owned = Deadline.objects.filter(owner_user=bench, status__in=ACTIVE_STATUSES)
    assert owned.count() == 150 and owned.exclude(status=DeadlineStatus.OPEN).exists()
    inbox = Notification.objects.filter(recipient=bench)
    assert 0 < inbox.filter(read_at__isnull=True).count() < inbox.count() <= 100
    assert Notification.objects.count() > 100
    for notification in Notification.objects.select_related("deadline")[:200]:
        assert notification.deadline.case_id == notification.case_id
        assert notification.dedupe_key.startswith(f"deadline:{notification.deadline_id}:")
        assert notification.url == f"/termijnen/{notification.deadline_id}/"


@pytest.mark.django_db
def test_seeded_coordinators_and_the_coordinators_caseload(tmp_path):
    _run("--scenario", "Dashboard (coördinator)", "--output", str(tmp_path / "report.md"))
    bench = User.objects.get(email=BENCH_EMAIL)
    coordinator = User.objects.get(email=BENCH_COORDINATOR_EMAIL)
    assert coordinator.function == Function.COORDINATOR
    assert coordinator.organisation_id != bench.organisation_id
    assert coordinator.groups.filter(pk=coordinator.organisation.group_id).exists()

    assert User.objects.filter(coordinator=bench).count() > 10
    assert User.objects.filter(coordinator=coordinator).exists()
    assert not User.objects.filter(coordinator_id=F("id")).exists()

    # a read-only member (meelezer) through its organisation's group, exactly as case_member_add grants it
    members = CaseMember.objects.filter(organisation=coordinator.organisation, removed_at__isnull=True)
    assert members.count() > 50 and set(members.values_list("access", flat=True)) == {CaseAccess.READ}
    granted = set(
        CaseGroupObjectPermission.objects.filter(group_id=coordinator.organisation.group_id).values_list(
            "content_object_id", "permission__codename"
        )
    )
    assert granted == {(case_id, "view_case") for case_id in members.values_list("case_id", flat=True)}
    visible = set(cases_visible_to(coordinator).values_list("pk", flat=True))
    assert visible == set(members.values_list("case_id", flat=True))
    case = Case.objects.get(pk=next(iter(visible)))
    assert not user_can_change_case(coordinator, case)


@pytest.mark.django_db
def test_reuse_seeds_the_steps_added_since_exactly_as_a_fresh_seeding(tmp_path):
    one = ["--scenario", "Meldingen"]
    _run(*one, "--output", str(tmp_path / "first.md"))
    coordinator = User.objects.get(email=BENCH_COORDINATOR_EMAIL)

    def snapshot() -> dict[str, object]:
        return {
            "deadlines": sorted(
                Deadline.objects.values_list(
                    "id", "case_id", "kind", "status", "anchor_date", "due_on", "owner_user_id",
                    "owner_organisation_id", "escalation_level",
                )
            ),
            "notifications": sorted(Notification.objects.values_list("recipient_id", "dedupe_key", "kind")),
            "coordinators": sorted(User.objects.filter(coordinator__isnull=False).values_list("id", "coordinator_id")),
            "caseload": sorted(
                CaseMember.objects.filter(organisation_id=coordinator.organisation_id).values_list("id", "case_id")
            ),
            "coordinator": User.objects.filter(email=BENCH_COORDINATOR_EMAIL).values_list("id", "organisation_id")[0],
            "episodes": sorted(
                DetentionEpisode.objects.values_list(
                    "id", "prison_id", "mmd_id", "gemeente_id", "gemeente_vestiging_id", "handover_status",
                    "notice_received_on", "released_on", "case_id",
                )
            ),
            "documents": sorted(NazorgDocument.objects.values_list("id", "episode_id", "kind", "number", "status")),
            "events": sorted(HandoverEvent.objects.values_list("episode_id", "kind", "to_gemeente_id")),
            "shares": sorted(EpisodeShare.objects.values_list("episode_id", "organisation_id", "consent_id")),
        }  # fmt: skip

    fresh = snapshot()
    # A database seeded before the coordinators, deadlines, notifications and meetings existed.
    _wipe_overleg()
    Notification.objects.all().delete()
    Deadline.history.all().delete()
    Deadline.objects.all().delete()
    CaseGroupObjectPermission.objects.filter(group_id=coordinator.organisation.group_id).delete()
    CaseMember.objects.filter(organisation_id=coordinator.organisation_id).delete()
    User.objects.update(coordinator=None)
    _wipe_nazorg()
    coordinator.delete()

    out = _run(*one, "--reuse", "--output", str(tmp_path / "second.md"))
    assert (
        "seed_coordinators, seed_deadlines, seed_notifications, seed_nazorg, seed_nazorg_deadlines, seed_overleg"
        in out
    )
    assert snapshot() == fresh
    assert "Reusing the benchmark data already in the database (--reuse).\n" in _run(
        *one, "--reuse", "--output", str(tmp_path / "third.md")
    )


@pytest.mark.django_db
def test_seeded_detention_episodes_mirror_the_nazorg_services(tmp_path):
    _run("--scenario", "Nazorg-inbox, nieuw", "--output", str(tmp_path / "report.md"))
    episodes = list(
        DetentionEpisode.objects.select_related("prison", "gemeente", "mmd", "case").prefetch_related(
            "documents"
        )
    )
    assert len(episodes) == 200
    for document in NazorgDocument.objects.all():
        assert clean(SPECS[document.kind], document.data) == document.data, document.pk
        if document.status != DocumentStatus.DRAFT:
            assert not completeness_errors(SPECS[document.kind], document.data), document.pk
    for episode in episodes:
        documents = list(episode.documents.all())
        current = {d.kind: d for d in documents if d.status == DocumentStatus.SUBMITTED}
        assert len(current) == len({d.kind for d in documents if d.status != DocumentStatus.DRAFT})
        # the meldingsblad brings the notice, the ontslagbericht the release
        assert (episode.notice_received_on is not None) == ("meldingsblad" in current), episode.pk
        assert (episode.released_on is not None) == ("ontslagbericht" in current), episode.pk
        if episode.released_on is not None:
            assert current["ontslagbericht"].data["ontslagdatum"] == episode.released_on.isoformat()
        if "overdrachtsdocument" in current:
            assert episode.is_long_stay
        if "basisdocument" in current:
            assert not episode.not_screened
        if "gemeenteblad" in current:
            assert episode.gemeente_id is not None
            assert current["gemeenteblad"].created_by.organisation_id == episode.gemeente_id
        if episode.mmd_id:
            assert episode.mmd.organisation_id == episode.prison_id
        assert episode.gemeente_herkomst == gemeente_van_herkomst(
            brp_gemeente=episode.brp_gemeente,
            years=(episode.gemeente_jaar_1, episode.gemeente_jaar_2, episode.gemeente_jaar_3),
        )
        if episode.handover_status == HandoverStatus.IMPORTED:
            assert episode.title_ended and episode.case.gemeente_id == episode.gemeente_id
            assert episode.client_id == episode.case.client_id
    for share in EpisodeShare.objects.select_related("episode", "organisation"):
        assert covering_consent(share.episode, share.organisation) is not None or share.ended_on is not None
        assert share.episode.documents.filter(kind="basisdocument", status=DocumentStatus.SUBMITTED).exists()

    # the deadlines are what syncing each running episode would leave: syncing again changes nothing
    episode_type = ContentType.objects.get_for_model(DetentionEpisode)

    def deadlines() -> list[tuple[object, ...]]:
        return sorted(
            Deadline.objects.filter(subject_type=episode_type).values_list(
                "subject_id", "kind", "rule__code", "status", "anchor_date", "due_on", "owner_user_id",
                "owner_organisation_id", "escalation_level",
            )
        )  # fmt: skip

    before = deadlines()
    assert {row[3] for row in before} >= {DeadlineStatus.OPEN, DeadlineStatus.DONE, DeadlineStatus.CANCELLED}
    for deadline in Deadline.objects.filter(subject_type=episode_type).select_related("rule"):
        assert deadline.due_on == compute_due(deadline.rule, deadline.anchor_date), deadline.pk
        assert deadline.kind == f"nazorg-{deadline.rule.code.removeprefix('nazorg-').removesuffix('-pi')}"
        assert (deadline.done_at is not None) == (deadline.status == DeadlineStatus.DONE)
    running = [episode for episode in episodes if episode.released_on is None]
    assert running
    for episode in running:
        episode_sync_deadlines(episode=episode, by=None)
    assert deadlines() == before

    contact = User.objects.get(email=BENCH_NAZORG_EMAIL)
    mmd = User.objects.get(email=BENCH_MMD_EMAIL)
    assert inbox_for(contact, tab="lopend").exists() and inbox_for(contact, tab="ontslagen").exists()
    assert worklist_for(mmd).exists()
    coordinator = User.objects.get(email=BENCH_COORDINATOR_EMAIL)
    assert not DetentionEpisode.objects.filter(created_by=coordinator).exists()
    assert (
        queue_for(coordinator).count()
        == DetentionEpisode.objects.filter(
            gemeente__isnull=True, notice_received_on__isnull=False, released_on__isnull=True
        ).count()
    )


@pytest.mark.django_db
def test_the_api_rate_limits_do_not_cut_the_measurements_short(tmp_path, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "1/min", "organisation_key": "1/min"},
    }
    cache.clear()
    stdout = _run("--scenario", "API GET /api/v1/cases/", "--output", str(tmp_path / "report.md"))
    cache.clear()
    assert _numeric_rows(stdout, "API GET /api/v1/cases/")
