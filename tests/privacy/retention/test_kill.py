"""Crash safety, for real: ``manage.py destroy_list`` runs as its own process with a slow-down after each
item, is killed with SIGKILL after some items, and is started again. The end state is the same as one
uninterrupted run: every dossier destroyed exactly once, no row left pointing at a destroyed client, no
stored file left behind, no file list left pending.

The processes commit, so this module works on the committed test database (tests/concurrency.py)."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.db import connection

from caseplan.models import Client
from privacy.models import DestructionItem, DestructionList, ItemStatus, ListStatus
from privacy.services.retention import (
    destruction_list_approve,
    destruction_list_second_review,
    retention_propose,
)
from tests.concurrency import committed_db, db  # noqa: F401  (the committed database)
from tests.factories import UserFactory
from tests.privacy.retention.dossier import build_dossier
from tests.privacy.retention.helpers import orphans

DOSSIERS = 8
KILL_AFTER = 3
ROOT = Path(django_settings.BASE_DIR)


def _command(number: str, media_root: Path, delay: str) -> subprocess.Popen[bytes]:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "MEDIA_ROOT": str(media_root),
        "RETENTION_DESTROY_DELAY": delay,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "destroy_list", number, "--batch-size", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _done(destruction_list: DestructionList) -> int:
    return DestructionItem.objects.filter(
        destruction_list=destruction_list, status=ItemStatus.DESTROYED
    ).count()


def test_a_killed_destruction_started_again_ends_as_one_run(db, settings, tmp_path, monkeypatch):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("privacy.tasks.retention_destroy.delay", lambda pk: None)  # the processes run it
    long_ago = datetime.date(2012, 5, 1)
    dossiers = [
        build_dossier(closed_on=long_ago, surname=f"Killtest{index}", with_files=True)
        for index in range(DOSSIERS)
    ]
    files = [tmp_path / name for dossier in dossiers for name in dossier.files]
    assert all(path.exists() for path in files)
    officer, reviewer = UserFactory(), UserFactory()
    reviewer.user_permissions.add(Permission.objects.get(codename="second_review_destruction"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    destruction_list = retention_propose()
    assert destruction_list is not None
    ours = DestructionItem.objects.filter(
        destruction_list=destruction_list, root_id__in=[d.client.pk for d in dossiers], kind="case_dossier"
    )
    assert ours.count() == DOSSIERS
    destruction_list = destruction_list_approve(
        destruction_list=destruction_list, revision=destruction_list.revision, by=officer
    )
    destruction_list = destruction_list_second_review(
        destruction_list=destruction_list, revision=destruction_list.revision, by=reviewer
    )
    before = orphans()

    process = _command(destruction_list.number, tmp_path, delay="0.4")
    deadline = time.monotonic() + 120
    while _done(destruction_list) < KILL_AFTER:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the command made no progress"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    killed_at = _done(destruction_list)
    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYING
    assert KILL_AFTER <= killed_at < destruction_list.items_total
    assert killed_at % 2 == 0  # batches of two: all of a batch or nothing

    again = _command(destruction_list.number, tmp_path, delay="0")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()[-2000:]

    destruction_list.refresh_from_db()
    assert destruction_list.status == ListStatus.DESTROYED, out.decode()
    assert destruction_list.items_done == destruction_list.items_total
    for item in ours:
        assert item.status == ItemStatus.DESTROYED
        assert item.counts["caseplan.Client"] == 1  # destroyed once, by one run
        assert item.pending_files == []
    assert not Client.objects.filter(pk__in=[d.client.pk for d in dossiers]).exists()
    assert orphans() <= before
    assert [path for path in files if path.exists()] == []


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
