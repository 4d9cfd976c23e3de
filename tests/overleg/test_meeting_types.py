"""The meeting types of the covenant's annex are data, with their purposes and admitted kinds."""

from __future__ import annotations

import pytest

from deadlines.models import DeadlineRule
from overleg.models import MeetingType
from privacy.models import OrganisationType

pytestmark = pytest.mark.django_db


def test_the_covenants_meeting_types_are_seeded_with_their_purposes():
    types = {t.code: t for t in MeetingType.objects.select_related("purpose")}
    assert set(types) == {"pga", "jco", "hco", "soj", "veelplegers", "veelplegers-nazorg", "huiselijk-geweld"}
    assert types["jco"].purpose.code == "jeugd-justitieel"
    assert types["hco"].purpose.code == "zorg"
    assert types["veelplegers-nazorg"].purpose.code == "nazorg"
    assert types["huiselijk-geweld"].purpose.code == "huiselijk-geweld"


def test_admitted_kinds_follow_the_annex():
    jco = MeetingType.objects.get(code="jco")
    for kind in ("politie", "rvdk", "om", "gemeente", "jeugdbescherming", "halt"):
        assert jco.allows(kind), kind
    assert not jco.allows(OrganisationType.WONINGCORPORATIE)
    assert not jco.allows(OrganisationType.OTHER)
    hg = MeetingType.objects.get(code="huiselijk-geweld")
    assert hg.allows(OrganisationType.VEILIG_THUIS) and hg.allows(OrganisationType.SLACHTOFFERHULP)
    assert not hg.allows(OrganisationType.HALT)
    every_kind = set(OrganisationType.values)
    for meeting_type in MeetingType.objects.all():
        assert set(meeting_type.organisation_types) <= every_kind, meeting_type.code
        assert meeting_type.allows(OrganisationType.VEILIGHEIDSHUIS), meeting_type.code


def test_an_action_rule_exists_due_on_the_agreed_date():
    rule = DeadlineRule.objects.get(code="overleg-actie")
    assert (rule.amount, rule.unit) == (0, "kalenderdagen")
