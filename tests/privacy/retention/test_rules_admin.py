"""The functional administrator changes retention rules in the admin: within the kind's maximum only, with
history; rules are neither added nor deleted there (they come with their kinds)."""

from __future__ import annotations

import pytest

from privacy.models import Function, RetentionRule
from tests.factories import UserFactory
from tests.world import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheer():
    user = UserFactory(function=Function.FUNCTIONEEL_BEHEERDER, is_staff=True, is_superuser=True)
    return user, verified_client(user)


def _form(rule: RetentionRule, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": rule.name,
        "term_amount": rule.term_amount,
        "term_unit": rule.term_unit,
        "counts_from": rule.counts_from,
        "legal_ground": rule.legal_ground,
        "record_text": rule.record_text,
        "second_review_required": "on" if rule.second_review_required else "",
        "active": "on" if rule.active else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_default_rules_come_from_the_seeds():
    rules = {rule.code: rule for rule in RetentionRule.objects.all()}
    assert set(rules) == {
        "case_dossier",
        "co24_journal",
        "nazorg_episode",
        "notifications",
        "access_log",
        "idempotency",
        "generated_files",
    }
    dossier = rules["case_dossier"]
    assert (dossier.term_amount, dossier.term_unit, dossier.counts_from) == (5, "jaren", "last_discussed")
    assert dossier.second_review_required and dossier.legal_ground.startswith(
        "Model privacyconvenant art. 9.1"
    )
    assert (rules["idempotency"].term_amount, rules["idempotency"].term_unit) == (30, "dagen")


def test_a_term_longer_than_the_covenant_allows_is_refused_in_the_admin(beheer):
    _user, browser = beheer
    rule = RetentionRule.objects.get(code="case_dossier")
    url = f"/beheer/privacy/retentionrule/{rule.pk}/change/"
    response = browser.post(url, _form(rule, term_amount=6))
    assert response.status_code == 200
    assert "langer dan het maximum van 5 jaren" in response.content.decode()
    rule.refresh_from_db()
    assert rule.term_amount == 5


def test_a_shorter_term_is_saved_with_its_author_and_history(beheer):
    user, browser = beheer
    rule = RetentionRule.objects.get(code="case_dossier")
    response = browser.post(f"/beheer/privacy/retentionrule/{rule.pk}/change/", _form(rule, term_amount=4))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.term_amount, rule.revision, rule.updated_by) == (4, 2, user)
    assert rule.history.first().history_user == user


def test_rules_are_not_added_or_deleted_in_the_admin(beheer):
    _user, browser = beheer
    rule = RetentionRule.objects.get(code="notifications")
    assert browser.get("/beheer/privacy/retentionrule/add/").status_code == 403
    assert browser.get(f"/beheer/privacy/retentionrule/{rule.pk}/delete/").status_code == 403
