"""Numbers read as Dutch: "1 werkdag", never "1 werkdagen"."""

from __future__ import annotations

import datetime

from co24.models.rules import not_seen_for_days, signals_within_days
from deadlines.models import DeadlineRule
from deadlines.services.deadlines import deadline_set


def test_a_one_day_rule_reads_in_the_singular_on_the_deadline_pages(world):
    DeadlineRule.objects.create(code="een-werkdag", name="Terugbellen", amount=1, unit="werkdagen")
    deadline = deadline_set(
        subject=world.case,
        kind="terugbellen",
        rule_code="een-werkdag",
        anchor=datetime.date(2026, 11, 2),
        title="Terugbellen",
        case_id=world.case.pk,
        owner_user=world.owner,
        by=world.owner,
    )
    http = world.client_for("owner")
    for url in ("/termijnen/", f"/termijnen/{deadline.pk}/"):
        page = http.get(url).content.decode()
        assert "1 werkdag na de aanleiding" in page, url
        assert "1 werkdagen" not in page, url
    assert "20 werkdagen na de aanleiding" in http.get("/termijnen/").content.decode()


def test_co24_rule_wording_counts_in_the_singular_and_the_plural():
    assert signals_within_days(1, 1) == "1 risicosignaal binnen 1 dag"
    assert signals_within_days(3, 7) == "3 risicosignalen binnen 7 dagen"
    assert not_seen_for_days("Contact met zus", 1) == "“Contact met zus” 1 dag niet gezien"
