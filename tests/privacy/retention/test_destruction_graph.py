"""The one-statement destroyer (common/destruction.py) on a whole client dossier: every row that points at
the client goes (whatever its on_delete), history included — also of rows deleted earlier —, the access log
stays, and the stored files are handed back to be removed after commit."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from caseplan.models import Case, Client, PlanVersion
from co24.models import Caller, Signal
from common.destruction import (
    Root,
    destruction_plan,
    framework_generic_edges,
    is_history_model,
    narrow_generic_edges,
    reached_models,
)
from nazorg.models import DetentionEpisode
from privacy.hooks import generic_edges, retention_kind
from privacy.models import AccessLog
from privacy.services.destruction import _plan_for, destroy_root
from tests.factories import DeadlineFactory, DetentionEpisodeFactory
from tests.privacy.retention.dossier import SECRET_NAME, build_dossier
from tests.privacy.retention.helpers import orphans, traces

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2018, 1, 15)

# Columns that hold a client's, case's or episode's id without a foreign key, and why that is right. A new
# one must be added here with its reason, or be made a foreign key (then the graph reaches it).
PLAIN_ID_COLUMNS = {
    ("privacy.AccessLog", "client_id"): "the access log keeps its rows (ids, not content) under its own rule",
    ("privacy.AccessLog", "case_id"): "the access log keeps its rows (ids, not content) under its own rule",
    (
        "privacy.AccessLog",
        "detention_id",
    ): "the access log keeps its rows (ids, not content) under its own rule",
    ("privacy.RetentionHold", "client_id"): "a hold must outlive nothing: lifted holds go with the dossier",
    ("privacy.RetentionHold", "episode_id"): "a hold must outlive nothing: lifted holds go with the dossier",
    ("privacy.RetentionHold", "subject_id"): "a hold must outlive nothing: lifted holds go with the dossier",
    (
        "privacy.DestructionItem",
        "client_id",
    ): "the list's bookkeeping: its reference is cleared at destruction",
    (
        "privacy.DestructionItem",
        "episode_id",
    ): "the list's bookkeeping: its reference is cleared at destruction",
    ("privacy.DestructionItem", "root_id"): "the list's bookkeeping: its reference is cleared at destruction",
}
ID_NAMES = ("client", "case", "episode", "detention", "casus", "subject", "root", "object")


def test_every_column_holding_a_dossier_id_without_a_foreign_key_is_known():
    """A model that stores a client/case/episode id as a plain number is not reached by the graph walk:
    it must be listed above with its reason."""
    found = set()
    for model in apps.get_models(include_auto_created=True):
        if is_history_model(model) or model._meta.app_label in ("admin", "guardian", "contenttypes", "auth"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) or not isinstance(
                field, models.IntegerField | models.BigIntegerField | models.PositiveBigIntegerField
            ):
                continue
            if any(name in field.name for name in ID_NAMES):
                found.add((model._meta.label, field.name))
    generic = {("deadlines.Deadline", "subject_id")}  # a generic reference: registered by deadlines
    assert found - generic == set(PLAIN_ID_COLUMNS)


def every_edge():
    """The generic edges as registered, not narrowed to the subjects that exist in this database."""
    return (*generic_edges(), *framework_generic_edges())


def test_the_case_dossier_reaches_every_table_with_client_data():
    plan = _plan_for(retention_kind("case_dossier"), every_edge())
    labels = {model._meta.label for model in plan.models}
    for model in apps.get_models():
        if is_history_model(model) or model._meta.app_label not in ("caseplan", "co24", "nazorg", "overleg"):
            continue
        related = {field.related_model for field in model._meta.concrete_fields if field.is_relation}
        if related & {Client, Case, DetentionEpisode, PlanVersion}:
            assert model._meta.label in labels, model._meta.label
    assert {"deadlines.Deadline", "notifications.Notification", "admin.LogEntry"} <= labels
    assert "privacy.AccessLog" not in labels and "overleg.Meeting" not in labels
    assert plan.dropped_edges == []


def test_a_cycle_between_tables_is_broken_without_losing_a_table():
    """Action points at its Deadline and the Deadline's subject is the Action: both are reached."""
    found, _edges = reached_models((Root(Client),))
    assert len(found) == len(set(found))


def test_destroying_a_client_leaves_no_row_pointing_at_it_and_no_trace_of_the_person(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = build_dossier(closed_on=CLOSED)
    other = build_dossier(closed_on=CLOSED, surname="Anderman", with_files=False)
    before = orphans()
    references = [case.reference for case in dossier.cases]
    with transaction.atomic():
        result = destroy_root(retention_kind("case_dossier"), str(dossier.client.pk))
    assert orphans() <= before
    assert not Client.objects.filter(pk=dossier.client.pk).exists()
    assert traces(SECRET_NAME, dossier.bsn, *references) == []
    # The history of the goal deleted earlier in normal use went too; the other client's did not.
    # two goals kept (one row each) and one deleted earlier (created, deleted: two rows)
    assert result.counts["caseplan.HistoricalGoal"] == 4
    assert Client.history.filter(id=other.client.pk).exists()
    assert Signal.objects.filter(case__client=other.client).exists()
    # The access log keeps its rows: ids, no content.
    assert AccessLog.objects.filter(client_id=dossier.client.pk).exists()
    assert sorted(name for _label, name in result.files) == sorted(dossier.files)
    assert {label for label, _name in result.files} >= {"caseplan.Client.foto", "caseplan.Contract.pdf_file"}


def test_the_co24_journal_goes_and_the_case_stays():
    dossier = build_dossier(closed_on=CLOSED, with_files=False)
    case = dossier.cases[0]
    result = destroy_root(retention_kind("co24_journal"), str(case.pk))
    assert not Caller.objects.filter(case=case).exists()
    assert not Signal.objects.filter(case=case).exists()
    assert Case.objects.filter(pk=case.pk).exists()
    assert result.counts["co24.Caller"] == 1 and result.counts["co24.SignalAnswer"] == 1
    # The deadline of the alert (a generic subject) went with it; the case's own deadlines stayed.
    assert result.counts["deadlines.Deadline"] == 1
    assert traces("Buurman van") == []


def test_an_episode_goes_with_its_documents_consent_and_deadlines(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = build_dossier(closed_on=CLOSED)
    episode = dossier.episode
    before = orphans()
    result = destroy_root(retention_kind("nazorg_episode"), str(episode.pk))
    assert orphans() <= before
    assert not DetentionEpisode.objects.filter(pk=episode.pk).exists()
    assert Client.objects.filter(pk=dossier.client.pk).exists()
    assert result.counts["nazorg.Consent"] == 1
    assert result.counts["nazorg.HistoricalDetentionEpisode"] >= 1
    assert [label for label, _name in result.files] == ["nazorg.Consent.evidence_file"]


def test_generic_edges_are_narrowed_to_the_subjects_that_exist():
    edges = {edge.model._meta.label: edge for edge in narrow_generic_edges(every_edge())}
    assert edges["deadlines.Deadline"].targets == ()
    assert "deadlines.Deadline" not in {
        m._meta.label for m in _plan_for(retention_kind("nazorg_episode"), tuple(edges.values())).models
    }
    episode = DetentionEpisodeFactory()
    DeadlineFactory(case=None, subject_type=ContentType.objects.get_for_model(episode), subject_id=episode.pk)
    edges = {edge.model._meta.label: edge for edge in narrow_generic_edges(every_edge())}
    assert edges["deadlines.Deadline"].targets == (DetentionEpisode,)
    assert edges["admin.LogEntry"].targets == ()


def test_the_statement_is_built_once_per_root():
    kind = retention_kind("case_dossier")
    assert _plan_for(kind, every_edge()) is _plan_for(kind, every_edge())
    assert destruction_plan(roots=(Root(Client),)) is destruction_plan(roots=(Root(Client),))
