"""The destruction job: approved items destroyed one by one with their files, a hold placed after approval
still wins, a dossier that became current again is skipped, failures are retried and then reported, the
record holds counts and rules but no personal data."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseplan.models import CaseStatus, Client
from notifications.models import Notification, NotificationKind
from privacy.models import (
    AccessLog,
    DestructionItem,
    DestructionList,
    Function,
    HoldReason,
    ItemStatus,
    ListStatus,
)
from privacy.services import destruction as destruction_service
from privacy.services.destruction import destruction_run
from privacy.services.retention import (
    destruction_list_approve,
    destruction_list_retry,
    destruction_list_second_review,
    retention_hold_place,
    retention_propose,
)
from privacy.tasks import retention_destroy
from tests.factories import CaseFactory, ClientFactory, NotificationFactory, UserFactory
from tests.privacy.retention.dossier import SECRET_NAME, build_dossier
from tests.privacy.retention.helpers import traces

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2012, 3, 1)


@pytest.fixture
def no_job(monkeypatch):
    monkeypatch.setattr("privacy.tasks.retention_destroy.delay", lambda pk: None)


@pytest.fixture
def officer():
    return UserFactory(function=Function.PRIVACY_OFFICER, first_name="Petra", last_name="Privacy")


def approved(destruction_list, officer):
    """Both reviews: the privacy officer's and the controller's second reviewer's."""
    destruction_list = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=officer
    )
    if destruction_list.status == ListStatus.AWAITING_SECOND_REVIEW:
        reviewer = UserFactory(first_name="Rik", last_name="Verwerker")
        reviewer.user_permissions.add(Permission.objects.get(codename="second_review_destruction"))
        reviewer = type(reviewer).objects.get(pk=reviewer.pk)
        destruction_list = destruction_list_second_review(
            destruction_list=destruction_list, revision=destruction_list.revision, by=reviewer
        )
    return destruction_list


def old_notifications(count: int, months_ago: int = 30):
    rows = [NotificationFactory() for _ in range(count)]
    moment = timezone.now() - datetime.timedelta(days=31 * months_ago)
    Notification.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=moment)
    return rows


def test_the_job_destroys_the_dossier_with_its_files_and_freezes_a_record_without_personal_data(
    no_job, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossier = build_dossier(closed_on=LONG_AGO, discussed_at=timezone.now() - datetime.timedelta(days=4000))
    references = [case.reference for case in dossier.cases]
    destruction_list = approved(retention_propose(), officer)
    assert all((tmp_path / name).exists() for name in dossier.files)

    run = destruction_run(destruction_list_id=destruction_list.pk)

    destruction_list.refresh_from_db()
    assert run.finished and run.destroyed == destruction_list.items_total
    assert destruction_list.status == ListStatus.DESTROYED
    assert destruction_list.items_done == destruction_list.items_total
    assert destruction_list.started_at <= destruction_list.finished_at
    assert not Client.objects.filter(pk=dossier.client.pk).exists()
    assert not any((tmp_path / name).exists() for name in dossier.files)
    item = DestructionItem.objects.get(destruction_list=destruction_list, kind="case_dossier")
    assert item.status == ItemStatus.DESTROYED and item.reference == "" and item.pending_files == []
    assert item.counts["caseplan.Case"] == 2
    # Nothing of the person is left anywhere, the record included; the access log keeps its ids.
    assert traces(SECRET_NAME, dossier.bsn, *references) == []
    assert AccessLog.objects.filter(client_id=dossier.client.pk).exists()
    report = destruction_list.report
    text = json.dumps(report, ensure_ascii=False)
    for personal in (SECRET_NAME, dossier.bsn, *references, "klaar", "Besproken"):
        assert personal not in text
    rule = next(rule for rule in report["rules"] if rule["code"] == "case_dossier")
    assert rule["destroyed"] == 1 and rule["term"] == "5 jaren"
    assert rule["legal_ground"].startswith("Model privacyconvenant art. 9.1")
    records = {row["model"]: row for row in rule["records"]}
    assert records["caseplan.Case"]["rows"] == 2 and records["caseplan.Case"]["label"] == "casussen"
    assert records["caseplan.Case"]["history_rows"] >= 2
    assert records["caseplan.Goal"]["history_rows"] == 4
    assert report["reviewed_by"].startswith("Petra Privacy") and report["second_reviewed_by"].startswith(
        "Rik"
    )
    assert report["number"] == destruction_list.number and report["finished_at"]


def test_a_hold_placed_after_approval_still_wins(no_job, officer):
    client = ClientFactory()
    case = CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=LONG_AGO)
    destruction_list = approved(retention_propose(), officer)
    retention_hold_place(subject="case", reference=case.reference, reason=HoldReason.COMPLAINT, by=officer)

    run = destruction_run(destruction_list_id=destruction_list.pk)

    assert (run.destroyed, run.skipped) == (0, 1)
    assert Client.objects.filter(pk=client.pk).exists()
    assert destruction_list.items.get().status == ItemStatus.SKIPPED_HOLD
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED
    assert destruction_list.report["rules"][0]["skipped_hold"] == 1


def test_a_dossier_that_became_current_again_is_skipped(no_job, officer):
    client = ClientFactory()
    CaseFactory(client=client, status=CaseStatus.AFGESLOTEN, closed_on=LONG_AGO)
    destruction_list = approved(retention_propose(), officer)
    CaseFactory(client=client, status=CaseStatus.ACTIEF)  # a new case after the review

    destruction_run(destruction_list_id=destruction_list.pk)

    assert Client.objects.filter(pk=client.pk).exists()
    assert destruction_list.items.get().status == ItemStatus.SKIPPED_ACTIVE


def test_failures_are_retried_then_reported_to_the_privacy_officers_by_list_number_only(
    no_job, officer, monkeypatch
):
    old_notifications(2)
    destruction_list = approved(retention_propose(), officer)
    real = destruction_service.destroy_root

    def broken(kind, root_key, edges=None):
        raise RuntimeError("schijf vol\nDETAIL: Key (bsn)=(123456782)")

    monkeypatch.setattr(destruction_service, "destroy_root", broken)
    first = destruction_run(destruction_list_id=destruction_list.pk, max_attempts=2)
    assert (first.retry, first.failed, first.finished) == (1, 0, False)
    item = destruction_list.items.get()
    assert item.status == ItemStatus.PENDING and item.attempts == 1
    assert item.last_error == "RuntimeError: schijf vol"  # the class and the first line: no data

    second = destruction_run(destruction_list_id=destruction_list.pk, max_attempts=2)
    assert (second.failed, second.finished) == (1, True)
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED_WITH_ERRORS
    message = Notification.objects.get(kind=NotificationKind.DESTRUCTION_FAILED, recipient=officer)
    assert destruction_list.number in message.title and "123456782" not in message.body

    monkeypatch.setattr(destruction_service, "destroy_root", real)
    retried = destruction_list_retry(destruction_list=destruction_list, by=officer)
    assert retried.status == ListStatus.DESTROYING and retried.items.get().status == ItemStatus.PENDING
    destruction_run(destruction_list_id=destruction_list.pk)
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED
    assert destruction_list.items.get().counts == {"notifications.Notification": 2}
    assert not Notification.objects.exclude(kind=NotificationKind.DESTRUCTION_FAILED).exists()


def test_a_second_run_changes_nothing_and_each_item_is_destroyed_once(no_job, officer):
    old_notifications(1, months_ago=30)
    old_notifications(1, months_ago=40)
    destruction_list = approved(retention_propose(), officer)
    first = destruction_run(destruction_list_id=destruction_list.pk, limit=1)
    assert (first.destroyed, first.finished) == (1, False)
    rest = destruction_run(destruction_list_id=destruction_list.pk)
    again = destruction_run(destruction_list_id=destruction_list.pk)
    assert (rest.destroyed, rest.finished) == (1, True)
    assert (again.destroyed, again.finished) == (0, True)
    destruction_list.refresh_from_db()
    assert destruction_list.items_done == 2 == destruction_list.items_total


def test_a_resumed_run_first_removes_the_files_a_killed_run_left(no_job, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old_notifications(1)
    destruction_list = approved(retention_propose(), officer)
    leftover = tmp_path / "plan-pdfs" / "left.pdf"
    leftover.parent.mkdir()
    leftover.write_bytes(b"%PDF")
    item = destruction_list.items.get()
    DestructionItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.DESTROYED, pending_files=[["caseplan.PlanPdf.file", "plan-pdfs/left.pdf"]]
    )
    DestructionList.objects.filter(pk=destruction_list.pk).update(status=ListStatus.DESTROYING)

    destruction_run(destruction_list_id=destruction_list.pk)

    assert not leftover.exists()
    assert DestructionItem.objects.get(pk=item.pk).pending_files == []


def test_the_queries_per_item_do_not_grow(no_job, officer):
    """Per item: lock (with the hold check), the statement, the bookkeeping; nothing per row."""
    for months_ago in (30, 40, 50, 60, 70):
        old_notifications(2, months_ago=months_ago)
    destruction_list = approved(retention_propose(), officer)
    assert destruction_list.items_total == 5
    destruction_run(destruction_list_id=destruction_list.pk, limit=1)  # starts the list
    with CaptureQueriesContext(connection) as one:
        destruction_run(destruction_list_id=destruction_list.pk, limit=1, batch_size=1)
    with CaptureQueriesContext(connection) as two:
        destruction_run(destruction_list_id=destruction_list.pk, limit=2, batch_size=1)
    per_item = [query["sql"][:40] for query in two.captured_queries]
    # The lock with the hold check and the bookkeeping, in the item's transaction (a savepoint in a test).
    # The statement itself runs on psycopg's own cursor (a prepared statement), outside Django's count.
    assert len(two) - len(one) == 4, per_item


def test_a_batch_destroys_several_dossiers_in_one_statement_and_counts_each_on_its_own(
    no_job, officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossiers = [build_dossier(closed_on=LONG_AGO, surname=f"Batch{index}") for index in range(3)]
    destruction_list = approved(retention_propose(), officer)
    with CaptureQueriesContext(connection) as queries:
        run = destruction_run(destruction_list_id=destruction_list.pk, batch_size=10)
    assert run.destroyed == 3 and run.finished
    locks = [query for query in queries.captured_queries if "FOR UPDATE OF i SKIP LOCKED" in query["sql"]]
    assert len(locks) == 2  # one batch, and the look that finds nothing left
    for item in DestructionItem.objects.filter(destruction_list=destruction_list):
        assert item.counts["caseplan.Client"] == 1
        assert item.counts["caseplan.Case"] == 2
        assert item.counts["caseplan.HistoricalGoal"] == 4
        assert item.counts["co24.SignalAnswer"] == 1
        assert item.counts["deadlines.Deadline"] == 4
    assert not any((tmp_path / name).exists() for dossier in dossiers for name in dossier.files)


def test_the_celery_task_and_the_command_run_the_same_loop(officer):
    old_notifications(1)
    destruction_list = approved(retention_propose(), officer)  # CELERY_TASK_ALWAYS_EAGER: runs on commit
    assert retention_destroy.delay(destruction_list.pk).get() == "finished"
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED
    call_command("destroy_list", destruction_list.number)  # nothing left to do: safe to run again
    assert "retention.propose" in {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
