"""Reviewing a list: per item vernietigen / langer bewaren / uitzonderen, the first and the second review,
the revision lock, holds, early deletion on request, and the rules' maximum term."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from caseplan.models import CaseStatus
from common.errors import EditConflict, StateConflict
from privacy.models import (
    Decision,
    DestructionItem,
    HoldKind,
    HoldReason,
    ItemStatus,
    ListOrigin,
    ListStatus,
    RetentionHold,
    RetentionRule,
)
from privacy.services.retention import (
    destruction_item_decide,
    destruction_list_approve,
    destruction_list_cancel,
    destruction_list_second_review,
    destruction_request_early,
    retention_hold_lift,
    retention_hold_place,
    retention_propose,
    retention_rule_check,
    retention_rule_save,
)
from tests.factories import (
    CaseFactory,
    ClientFactory,
    DetentionEpisodeFactory,
    NotificationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2012, 3, 1)


@pytest.fixture
def no_job(monkeypatch):
    """Approval queues the destruction job after commit: not in these tests (see test_destroy_job.py)."""
    queued = []
    monkeypatch.setattr("privacy.tasks.retention_destroy.delay", queued.append)
    return queued


def expired_client():
    client = ClientFactory()
    case = CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=LONG_AGO)
    return client, case


def second_reviewer():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="second_review_destruction"))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no cached permissions


def test_extend_and_exclude_need_a_reason_and_extend_a_date_after_today(no_job):
    expired_client()
    destruction_list = retention_propose()
    item = destruction_list.items.get()
    officer = UserFactory()
    with pytest.raises(ValidationError) as error:
        destruction_item_decide(item=item, decision=Decision.EXTEND, revision=item.revision, by=officer)
    assert set(error.value.message_dict) == {"reason", "extend_until"}
    with pytest.raises(ValidationError) as error:
        destruction_item_decide(
            item=item,
            decision=Decision.EXTEND,
            reason="statistiek",
            extend_until=timezone.localdate(),
            revision=item.revision,
            by=officer,
        )
    assert set(error.value.message_dict) == {"extend_until"}
    with pytest.raises(ValidationError):
        destruction_item_decide(item=item, decision=Decision.EXCLUDE, revision=item.revision, by=officer)
    until = timezone.localdate() + datetime.timedelta(days=365)
    decided = destruction_item_decide(
        item=item,
        decision=Decision.EXTEND,
        reason="onderzoek WODC",
        extend_until=until,
        revision=item.revision,
        by=officer,
    )
    assert (decided.decision, decided.extend_until, decided.decided_by) == (Decision.EXTEND, until, officer)
    with pytest.raises(EditConflict):  # the old revision: somebody else decided in between
        destruction_item_decide(item=item, decision=Decision.DESTROY, revision=item.revision, by=officer)


def test_approval_turns_extensions_and_exclusions_into_holds_and_queues_the_job(no_job):
    kept, _ = expired_client()
    excluded, _ = expired_client()
    destroyed, _ = expired_client()
    RetentionRule.objects.filter(code="case_dossier").update(second_review_required=False)
    destruction_list = retention_propose()
    officer = UserFactory()
    items = {item.root_id: item for item in destruction_list.items.all()}
    until = timezone.localdate() + datetime.timedelta(days=400)
    destruction_item_decide(
        item=items[kept.pk],
        decision=Decision.EXTEND,
        reason="statistiek",
        extend_until=until,
        revision=1,
        by=officer,
    )
    destruction_item_decide(
        item=items[excluded.pk], decision=Decision.EXCLUDE, reason="onderzoek", revision=1, by=officer
    )

    approved = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=officer
    )

    assert approved.status == ListStatus.APPROVED and approved.reviewed_by == officer
    assert approved.items_total == 1
    holds = {hold.client_id: hold for hold in RetentionHold.objects.all()}
    assert holds[kept.pk].kind == HoldKind.EXTENSION and holds[kept.pk].until == until
    assert holds[excluded.pk].kind == HoldKind.EXCLUSION and holds[excluded.pk].until is None
    assert destroyed.pk not in holds
    assert DestructionItem.objects.get(pk=items[kept.pk].pk).status == ItemStatus.KEPT
    assert no_job == []  # queued on commit: the test's transaction never commits
    with pytest.raises(StateConflict):
        destruction_item_decide(
            item=items[destroyed.pk], decision=Decision.EXCLUDE, reason="x", revision=1, by=officer
        )


def test_the_case_dossier_waits_for_a_second_reviewer_who_is_someone_else(no_job):
    expired_client()
    destruction_list = retention_propose()
    officer = UserFactory()
    waiting = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=officer
    )
    assert waiting.status == ListStatus.AWAITING_SECOND_REVIEW
    with pytest.raises(PermissionError):
        destruction_list_second_review(destruction_list=waiting, revision=waiting.revision, by=UserFactory())
    officer.user_permissions.add(Permission.objects.get(codename="second_review_destruction"))
    officer = type(officer).objects.get(pk=officer.pk)
    with pytest.raises(ValidationError):
        destruction_list_second_review(destruction_list=waiting, revision=waiting.revision, by=officer)
    reviewer = second_reviewer()
    with pytest.raises(EditConflict):
        destruction_list_second_review(destruction_list=waiting, revision=waiting.revision - 1, by=reviewer)
    approved = destruction_list_second_review(
        destruction_list=waiting, revision=waiting.revision, by=reviewer
    )
    assert approved.status == ListStatus.APPROVED
    assert approved.second_reviewed_by == reviewer and approved.second_reviewed_at is not None


def test_a_list_of_notifications_only_needs_no_second_review(no_job):
    old = NotificationFactory()
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=800))
    destruction_list = retention_propose()
    approved = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=UserFactory()
    )
    assert approved.status == ListStatus.APPROVED


def test_a_cancelled_list_refuses_changes(no_job):
    expired_client()
    destruction_list = retention_propose()
    cancelled = destruction_list_cancel(
        destruction_list=destruction_list, revision=destruction_list.revision, by=UserFactory()
    )
    assert cancelled.status == ListStatus.CANCELLED
    with pytest.raises(StateConflict):
        destruction_list_approve(destruction_list=cancelled, revision=cancelled.revision, by=UserFactory())


def test_holds_are_placed_by_case_or_episode_number_and_lifted_with_a_reason():
    officer = UserFactory()
    client, case = expired_client()
    hold = retention_hold_place(
        subject="case", reference=case.reference.lower(), reason=HoldReason.LEGAL_PROCEDURE, by=officer
    )
    assert (hold.subject, hold.subject_id, hold.client_id, hold.reference) == (
        "case",
        case.pk,
        client.pk,
        case.reference,
    )
    assert hold.is_active()
    episode = DetentionEpisodeFactory()
    on_episode = retention_hold_place(
        subject="episode", reference=episode.reference, reason=HoldReason.ACCESS_REQUEST, by=officer
    )
    assert (on_episode.episode_id, on_episode.client_id) == (episode.pk, None)
    with pytest.raises(ValidationError) as error:
        retention_hold_place(
            subject="case", reference="PGA-BESTAAT-NIET", reason=HoldReason.COMPLAINT, by=officer
        )
    assert "reference" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        retention_hold_place(subject="case", reference=case.reference, reason=HoldReason.OTHER, by=officer)
    assert "explanation" in error.value.message_dict
    with pytest.raises(ValidationError):
        retention_hold_lift(hold=hold, reason=" ", revision=hold.revision, by=officer)
    lifted = retention_hold_lift(hold=hold, reason="procedure afgerond", revision=hold.revision, by=officer)
    assert not lifted.is_active() and lifted.lifted_by == officer
    with pytest.raises(EditConflict):
        retention_hold_lift(hold=hold, reason="nogmaals", revision=hold.revision, by=officer)


def test_early_deletion_makes_an_on_request_list_with_one_item_for_the_client(no_job):
    officer = UserFactory()
    client = ClientFactory()
    first = CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=timezone.localdate())
    CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=timezone.localdate())
    destruction_list = destruction_request_early(
        subject="case", reference=first.reference, reason="Verzoek tot verwijdering toegekend", by=officer
    )
    assert destruction_list.origin == ListOrigin.ON_REQUEST and destruction_list.created_by == officer
    item = destruction_list.items.get()
    assert (item.kind, item.root_id, item.client_id) == ("case_dossier", client.pk, client.pk)
    assert first.reference in item.reference and "," in item.reference  # both case numbers
    with pytest.raises(ValidationError):  # already on a list that is still running
        destruction_request_early(subject="case", reference=first.reference, reason="nogmaals", by=officer)
    open_case = CaseFactory(status=CaseStatus.ACTIEF)
    with pytest.raises(ValidationError) as error:
        destruction_request_early(subject="case", reference=open_case.reference, reason="verzoek", by=officer)
    assert "reference" in error.value.message_dict


def test_early_deletion_of_an_episode_never_imported():
    officer = UserFactory()
    episode = DetentionEpisodeFactory(released_on=timezone.localdate())
    destruction_list = destruction_request_early(
        subject="episode", reference=episode.reference, reason="per abuis", by=officer
    )
    item = destruction_list.items.get()
    assert (item.kind, item.root_id, item.episode_id) == ("nazorg_episode", episode.pk, episode.pk)


def test_a_term_past_the_covenants_maximum_is_refused():
    rule = RetentionRule.objects.get(code="case_dossier")
    rule.term_amount = 61
    rule.term_unit = "maanden"
    with pytest.raises(ValidationError) as error:
        retention_rule_check(rule=rule)
    assert "term_amount" in error.value.message_dict
    rule.term_amount = 60
    retention_rule_check(rule=rule)
    rule.counts_from = "release_date"
    with pytest.raises(ValidationError) as error:
        retention_rule_check(rule=rule)
    assert "counts_from" in error.value.message_dict


def test_saving_a_rule_keeps_its_cap_and_counts_its_revision():
    rule = RetentionRule.objects.get(code="notifications")
    admin = UserFactory()
    rule.term_amount = 6
    rule.term_unit = "maanden"
    rule.max_term_amount = 99  # not the administrator's to change
    saved = retention_rule_save(rule=rule, by=admin)
    saved.refresh_from_db()
    assert (saved.term_amount, saved.max_term_amount, saved.revision, saved.updated_by) == (6, 5, 2, admin)
    assert saved.history.first().history_user == admin
