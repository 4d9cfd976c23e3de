"""The retention benchmark at tiny scale: it copies seeded dossiers into expired ones, the proposal finds
exactly those, two real ``destroy_list`` processes destroy them, and every dossier table ends at its count
before the copies. The workers commit, so this module works on the committed test database."""

from __future__ import annotations

import io
import re

from django.core.management import call_command

from caseplan.models import Case, CaseStatus, Client
from ops.bench import retention_data as data
from privacy.models import DestructionItem, DestructionList, ItemStatus, ListStatus
from tests.concurrency import committed_db, db  # noqa: F401  (the committed database)

TINY = [
    "--base-cases", "200", "--base-users", "50", "--base-orgs", "20", "--clients", "60", "--rows", "1500",
    "--templates", "12", "--plans", "2", "--idle-repeat", "2",
]  # fmt: skip


def test_benchmark_destroys_exactly_the_expired_copies(db, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setattr("privacy.tasks.retention_destroy.delay", lambda pk: None)
    clients_before = set(Client.objects.values_list("pk", flat=True))
    out = io.StringIO()
    output = tmp_path / "retention.md"
    call_command("benchmark_retention", *TINY, "--output", str(output), stdout=out)
    stdout = out.getvalue()

    # The live data is seeded, the copies are gone again, the templates (live dossiers) stay.
    assert Case.objects.exists()
    assert clients_before <= set(Client.objects.values_list("pk", flat=True))
    report = output.read_text(encoding="utf-8")
    assert "back to its row count before the copies" in report
    seeded = re.search(r"- seeded: 60 expired dossiers copied from \d+ seeded ones, ([\d,]+) rows", report)
    assert seeded is not None, report
    assert int(seeded.group(1).replace(",", "")) > 60 * 5
    for line in ("propose + destroy:", "longest destroyer transaction:", "case list during the destruction:"):
        assert line in report, stdout

    # One list with the 60 copies (the backlog of the seeded data went first, on its own list).
    timed = DestructionList.objects.order_by("-pk").first()
    assert timed is not None and timed.status == ListStatus.DESTROYED
    items = DestructionItem.objects.filter(destruction_list=timed)
    assert items.filter(kind=data.KIND).count() == 60
    assert set(items.values_list("status", flat=True)) == {ItemStatus.DESTROYED}
    assert timed.items_done == timed.items_total
    assert f"Proposal {timed.number}: " in stdout
    assert "Destroyed 60 items" in stdout
    # Nothing expired remains: no closed case of a copy is left.
    assert not Case.objects.filter(
        status=CaseStatus.AFGESLOTEN, closed_on__lt=data.closed_long_ago()
    ).exists()
