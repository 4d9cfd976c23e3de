"""The access log at volume (issue 19): one INSERT per request however many clients are shown, one row per
client, monthly partitions kept ahead by an idempotent task, the default partition as the safety net, and
the month drop that retention calls."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from caseplan.services.cases import case_create
from caseplan.services.clients import client_create
from privacy.access_log.partitions import (
    DEFAULT_PARTITION,
    access_log_drop_month,
    access_log_partitions,
    access_log_partitions_ensure,
    partition_name,
)
from privacy.models import AccessLog, Purpose
from privacy.tasks import access_log_partitions_task
from tests.factories import AccessLogFactory, CaseFactory
from tests.world import World

pytestmark = pytest.mark.django_db


def _partition_of(row: AccessLog) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM privacy_accesslog WHERE id = %s", [row.pk])
        return cursor.fetchone()[0]


def _row_at(moment: datetime.datetime) -> AccessLog:
    row = AccessLogFactory.create()
    AccessLog.objects.filter(pk=row.pk).update(at=moment)  # auto_now_add: set afterwards (moves partition)
    row.refresh_from_db()
    return row


def _at(year: int, month: int, day: int = 15) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def test_a_list_page_writes_one_insert_with_one_row_per_client_shown(world: World):
    cases = [world.case, world.other_case]
    for number in range(6):
        client = client_create(by=world.owner, achternaam=f"Lijst{number}")
        cases.append(
            case_create(
                client=client,
                gemeente=world.gemeente,
                purpose=Purpose.objects.get(code="pga"),
                by=world.owner,
            )
        )
    CaseFactory.create_batch(3)  # cases the owner may not see: not shown, not logged
    http = world.client_for("owner")
    before = set(AccessLog.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        response = http.get("/casussen/")
    assert response.status_code == 200
    inserts = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith('INSERT INTO "privacy_accesslog"')
    ]
    assert len(inserts) == 1, inserts
    rows = AccessLog.objects.exclude(pk__in=before)
    assert sorted(rows.values_list("case_id", flat=True)) == sorted(case.pk for case in cases)
    assert sorted(rows.values_list("client_id", flat=True)) == sorted(case.client_id for case in cases)
    assert set(rows.values_list("action", "function", "user")) == {("lijst", "procesmanager", world.owner.pk)}


def test_the_table_is_partitioned_by_month_with_twelve_months_ahead():
    names = access_log_partitions()
    assert DEFAULT_PARTITION in names
    today = timezone.localdate()
    year, month = today.year, today.month
    for _ in range(13):
        assert partition_name(year, month) in names
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def test_the_partition_task_is_idempotent():
    access_log_partitions_task()  # up to date, whenever the test database was made
    today = timezone.localdate()
    year, month = today.year + (today.month + 2) // 12, (today.month + 2) % 12 + 1
    later = datetime.date(year, month, 1)  # three months on
    created = access_log_partitions_ensure(today=later)
    assert len(created) == 3, created  # three months further ahead than the migration made
    assert access_log_partitions_ensure(today=later) == []
    before = access_log_partitions()
    assert access_log_partitions_task() == []
    assert access_log_partitions() == before


def test_a_row_of_a_month_without_partition_lands_in_the_default_one_and_moves_when_the_task_runs():
    row = _row_at(_at(2019, 3))
    other = _row_at(_at(2019, 3, 30))
    assert _partition_of(row) == DEFAULT_PARTITION
    created = access_log_partitions_ensure()
    assert created == [partition_name(2019, 3)]
    assert _partition_of(row) == _partition_of(other) == partition_name(2019, 3)
    assert AccessLog.objects.get(pk=row.pk).at == _at(2019, 3)  # same row, same id
    assert access_log_partitions_ensure() == []


def test_a_wholly_expired_month_loses_its_partition():
    kept = _row_at(_at(2019, 4, 1))
    gone = [_row_at(_at(2019, 3, day)) for day in (1, 15, 31)]
    access_log_partitions_ensure()
    stray_name = partition_name(2019, 3)
    assert stray_name in access_log_partitions()
    assert access_log_drop_month(2019, 3) == 3
    assert stray_name not in access_log_partitions()
    assert not AccessLog.objects.filter(pk__in=[row.pk for row in gone]).exists()
    assert AccessLog.objects.filter(pk=kept.pk).exists()


def test_a_partly_expired_month_loses_only_its_expired_rows():
    early, late = _row_at(_at(2019, 3, 2)), _row_at(_at(2019, 3, 20))
    access_log_partitions_ensure()
    assert access_log_drop_month(2019, 3, expired_before=_at(2019, 3, 10)) == 1
    assert partition_name(2019, 3) in access_log_partitions()
    assert list(AccessLog.objects.filter(pk__in=[early.pk, late.pk]).values_list("pk", flat=True)) == [
        late.pk
    ]


def test_partitions_can_be_made_for_older_months_before_loading_their_rows():
    created = access_log_partitions_ensure(since=datetime.date(2020, 11, 20))
    assert created[:3] == [partition_name(2020, 11), partition_name(2020, 12), partition_name(2021, 1)]
    row = _row_at(_at(2020, 12))
    assert _partition_of(row) == partition_name(2020, 12)


def test_dropping_a_month_also_clears_its_rows_in_the_default_partition():
    stray = _row_at(_at(2018, 6))
    assert _partition_of(stray) == DEFAULT_PARTITION
    assert access_log_drop_month(2018, 6) == 1
    assert not AccessLog.objects.filter(pk=stray.pk).exists()
