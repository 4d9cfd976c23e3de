"""The CO24dak part of the benchmark at tiny scale: the seeding mirrors the services, a rerun on data seeded
before it writes the same rows, and the journal scenarios measure the busiest case as a team member."""

from __future__ import annotations

import datetime as dt
import io
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from caseplan.models import Case, CaseAccess, CaseMember
from co24.access import Role, backoffice_cases, co24_case_get_for_user
from co24.models import (
    Alert,
    AlertStatus,
    BackOfficeService,
    Caller,
    Checklist,
    ChecklistItem,
    ChecklistStatus,
    Enrolment,
    RuleKind,
    Signal,
    SignalAnswer,
    TippingRule,
)
from co24.services.rules import _count_rule_fires, _red_flag_fires, responders
from ops.bench.co24_data import BENCH_CO24_EMAIL, CO24_MODELS, sizes
from ops.bench.co24_scenarios import CO24_BACKOFFICE, CO24_TEAM
from ops.bench.context import ROTATE_CASES
from ops.bench.scenarios import SCENARIOS
from ops.bench.seed import BENCH_EMAIL
from privacy.models import Function, User

TINY = ["--cases", "200", "--users", "50", "--orgs", "20", "--repeat", "2", "--warmup", "1", "--skip-jobs"]
JOURNAL = "CO24dak-journaal (5.000 signalen)"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("benchmark", *TINY, *args, stdout=out)
    return out.getvalue()


def _busiest() -> Case:
    return Case.objects.annotate(n=Count("co24_signals")).order_by("-n", "pk").first()


@pytest.mark.django_db
def test_co24_scenarios_run_as_the_team_member_and_the_back_office(tmp_path):
    names = [s.name for s in SCENARIOS if s.identity in (CO24_TEAM, CO24_BACKOFFICE)]
    assert len(names) == 4
    report_path = tmp_path / "report.md"
    _run(*(arg for name in names for arg in ("--scenario", name)), "--output", str(report_path))
    report = report_path.read_text(encoding="utf-8")
    total, _enrolled, heavy_signals = sizes(200)
    assert f"| co24_signal | {total:,} |" in report
    heavy = _busiest()
    assert Signal.objects.filter(case=heavy).count() == heavy_signals
    assert f"`/co24/{heavy.pk}/`" in report and f"`/api/v1/co24/cases/{heavy.pk}/signals/`" in report
    for name in names:
        assert f"| {name} |" in report


@pytest.mark.django_db
def test_seeded_co24_mirrors_the_services(tmp_path):
    _run("--scenario", JOURNAL, "--output", str(tmp_path / "report.md"))
    total, enrolled, heavy_signals = sizes(200)
    assert Signal.objects.count() == total
    assert Enrolment.objects.count() <= enrolled
    pm = User.objects.get(email=BENCH_EMAIL)
    operator = User.objects.get(email=BENCH_CO24_EMAIL)
    assert operator.function == Function.BACKOFFICE
    assert operator.groups.filter(pk=operator.organisation.group_id).exists()

    # the benchmark process manager's case: 5,000 signals at scale, a writer on its team, not a rotated case
    heavy = _busiest()
    assert Signal.objects.filter(case=heavy).count() == heavy_signals
    member = CaseMember.objects.get(case=heavy, user=pm, removed_at__isnull=True)
    assert member.access == CaseAccess.WRITE
    newest = CaseMember.objects.filter(user=pm, removed_at__isnull=True).order_by("-case_id")[:ROTATE_CASES]
    assert heavy.pk not in {m.case_id for m in newest}
    assert co24_case_get_for_user(user=pm, pk=heavy.pk)[1] == Role.TEAM_WRITE
    assert co24_case_get_for_user(user=operator, pk=heavy.pk)[1] == Role.BACKOFFICE
    assert backoffice_cases(operator).count() > 0

    for enrolment in Enrolment.objects.select_related("case"):
        # co24_enrol: a back office that serves the municipality, a checklist in use, the default rules
        assert BackOfficeService.objects.filter(
            backoffice_id=enrolment.backoffice_id, gemeente_id=enrolment.case.gemeente_id
        ).exists()
        versions = list(Checklist.objects.filter(case=enrolment.case).order_by("number"))
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        assert [v.status for v in versions][-1] == ChecklistStatus.ACTIVE
        assert all(v.status == ChecklistStatus.SUPERSEDED for v in versions[:-1])
        keys = [set(v.items.values_list("key", flat=True)) for v in versions]
        assert all(earlier <= later for earlier, later in pairwise(keys))
        rules = TippingRule.objects.filter(case=enrolment.case)
        assert sorted(rules.values_list("kind", "threshold", "window_days")) == [
            (RuleKind.COUNT, 3, 7),
            (RuleKind.RED_FLAG, None, None),
        ]

    # signal_record: the version in use when received, its own items, a listed caller or a named unknown one
    for signal in Signal.objects.filter(case=heavy).select_related("checklist", "caller", "case__co24"):
        assert signal.checklist.case_id == heavy.pk and signal.checklist.activated_at <= signal.received_at
        later = Checklist.objects.filter(case=heavy, number__gt=signal.checklist.number).first()
        assert later is None or later.activated_at > signal.received_at
        assert signal.received_at.date() >= heavy.co24.started_on - dt.timedelta(days=1)
        assert bool(signal.caller_name) == (signal.caller_id is None)
        assert signal.caller_id is None or signal.caller.case_id == heavy.pk
        assert signal.caller_id is not None or signal.caller_name
    answers = SignalAnswer.objects.filter(signal__case=heavy).select_related("signal", "item")
    assert all(a.item.checklist_id == a.signal.checklist_id for a in answers)
    assert 2 * heavy_signals <= answers.count() <= 3 * heavy_signals
    assert Caller.objects.filter(case=heavy).exists()
    assert Signal.objects.filter(case=heavy, medical=True).exists()

    # rules_evaluate: each alert is what the rule says of its signal, one open per rule, for the responder
    alerts = list(Alert.objects.select_related("rule", "signal").order_by("rule_id", "fired_at"))
    assert alerts and any(a.rule.kind == RuleKind.RED_FLAG for a in alerts)
    for alert in alerts:
        if alert.rule.kind == RuleKind.COUNT:
            assert alert.summary == _count_rule_fires(alert.rule, alert.signal), alert.pk
        else:
            expected = _red_flag_fires(alert.signal) or ""
            assert sorted(alert.summary.split(": ", 1)[1].split("; ")) == sorted(
                expected.split(": ", 1)[1].split("; ")
            )
        if alert.status != AlertStatus.OPEN:
            assert alert.acknowledged_by == responders(alert.signal.case)[0]
    for earlier, later in pairwise(alerts):
        if earlier.rule_id == later.rule_id:
            assert earlier.status == AlertStatus.HANDLED and earlier.handled_at <= later.fired_at
    assert not ChecklistItem.objects.exclude(checklist__case__co24__isnull=False).exists()


def _wipe_co24() -> None:
    """A database seeded before CO24dak was measured (users and organisations stay)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in CO24_MODELS)}")


@pytest.mark.django_db
def test_reuse_seeds_co24_exactly_as_a_fresh_seeding(tmp_path):
    one = ["--scenario", "Meldingen"]
    _run(*one, "--output", str(tmp_path / "first.md"))

    def snapshot() -> dict[str, object]:
        return {
            "services": sorted(BackOfficeService.objects.values_list("backoffice_id", "gemeente_id", "since")),
            "enrolments": sorted(Enrolment.objects.values_list("case_id", "backoffice_id", "started_on", "ended_on")),
            "items": sorted(ChecklistItem.objects.values_list("id", "checklist_id", "key", "text")),
            "callers": sorted(Caller.objects.values_list("id", "case_id", "name", "kind", "organisation_id")),
            "signals": sorted(
                Signal.objects.values_list(
                    "id", "case_id", "received_at", "caller_id", "caller_name", "account", "urgency", "medical",
                    "checklist_id", "external_id", "recorded_by_id",
                )
            ),
            "answers": sorted(SignalAnswer.objects.values_list("signal_id", "item_id", "answer")),
            "alerts": sorted(Alert.objects.values_list("rule_id", "signal_id", "summary", "status", "handled_at")),
        }  # fmt: skip

    fresh = snapshot()
    _wipe_co24()
    out = _run(*one, "--reuse", "--output", str(tmp_path / "second.md"))
    assert "seeding what it lacks: seed_co24" in out
    assert snapshot() == fresh
