"""The benchmark command at tiny scale: it seeds like the services do, measures every scenario, reports."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from caseplan.access import cases_visible_to, user_can_change_case
from caseplan.models import CaseAccess, CaseMember, CaseUserObjectPermission
from ops.bench.scenarios import SCENARIOS
from ops.bench.seed import BENCH_EMAIL
from privacy.models import User
from tests.factories import OrganisationFactory

TINY = ["--cases", "200", "--users", "50", "--orgs", "20", "--repeat", "2", "--warmup", "1"]
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
    assert "| caseplan_case | 200 |" in report


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
