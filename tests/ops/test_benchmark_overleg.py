"""The casusoverleg part of the benchmark at tiny scale: the seeding mirrors the services (attendees of admitted
kinds, agendas put on and minuted by the case team, actions kept as deadlines, laatst besproken), the benchmark
process manager sees items on its own cases and only "casus op de agenda" for the others, the pages keep their
pinned query counts on the seeded data, and a rerun on data seeded before it writes the same rows."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from caseplan.access import cases_visible_to, cases_writable_by
from caseplan.models import Case, CaseStatus
from deadlines.models import Deadline
from deadlines.services.calendar import compute_due
from ops.bench.context import verified_client
from ops.bench.overleg_data import ITEMS, WEEKS_AHEAD, WEEKS_PAST
from ops.bench.overleg_scenarios import OVERLEG, overleg_context
from ops.bench.scenarios import SCENARIOS
from ops.bench.seed import BENCH_EMAIL
from overleg.access import meetings_visible_to
from overleg.models import Action, AgendaItem, Attendee, Guest, Meeting, MeetingStatus
from overleg.selectors import case_last_discussed, last_discussed, meeting_page
from overleg.services.meetings import refusal
from overleg.services.minutes import ACTION_KIND, ACTION_RULE, _deadline_title, _owner_on_team
from privacy.models import User
from tests.overleg.test_query_counts import CASE_TAB_QUERIES, MEETING_PAGE_QUERIES

# enough cases that the benchmark user (200 cases directly) is not on every team of its region
TINY = ["--cases", "600", "--users", "50", "--orgs", "20", "--repeat", "2", "--warmup", "1", "--skip-jobs"]
OVERLEG_MODELS = (Meeting, Attendee, Guest, AgendaItem, Action)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("benchmark", *TINY, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_overleg_scenarios_run_as_the_attending_process_manager(tmp_path):
    names = [s.name for s in SCENARIOS if s.identity == OVERLEG]
    assert len(names) == 4
    report_path = tmp_path / "report.md"
    _run(*(arg for name in names for arg in ("--scenario", name)), "--output", str(report_path))
    report = report_path.read_text(encoding="utf-8")
    ctx = overleg_context()
    assert f"`/overleggen/{ctx.meeting_id}/`" in report
    assert f"`/overleggen/casus/{ctx.case_ids[0]}/`" in report
    assert f"`/api/v1/overleg/meetings/{ctx.meeting_id}/`" in report
    assert "| overleg_agendaitem |" in report
    for name in names:
        assert f"| {name} |" in report


@pytest.mark.django_db
def test_seeded_overleg_mirrors_the_services(tmp_path, django_assert_num_queries):
    _run("--scenario", "Meldingen", "--output", str(tmp_path / "report.md"))
    pm = User.objects.get(email=BENCH_EMAIL)
    weeks = WEEKS_PAST + WEEKS_AHEAD
    assert Meeting.objects.count() % weeks == 0 and Meeting.objects.exists()
    today = timezone.localdate()
    for meeting in Meeting.objects.select_related("meeting_type__purpose").annotate(n=Count("items")):
        day = timezone.localtime(meeting.starts_at).date()
        # meeting_schedule / meeting_update: held or cancelled in the past, planned from today
        assert (meeting.status == MeetingStatus.PLANNED) == (day >= today)
        assert meeting.revision == (1 if meeting.status == MeetingStatus.PLANNED else 2)
        assert ITEMS[0] <= meeting.n <= ITEMS[1]
        assert list(meeting.items.order_by("position").values_list("position", flat=True)) == list(
            range(1, meeting.n + 1)
        )
        attendees = list(meeting.attendees.select_related("organisation", "user"))
        assert all(refusal(meeting.meeting_type, a.organisation) == "" for a in attendees)
        assert all(a.user is None or a.user.organisation_id == a.organisation_id for a in attendees)
        assert {meeting.chair_id, meeting.minute_taker_id} <= {a.user_id for a in attendees}
        assert all(g.statement_signed_on <= day for g in meeting.guests.all())

    # agenda_add and item_minutes_save: by a writer on the team, of a case not closed at the time
    for item in AgendaItem.objects.select_related("meeting", "case", "added_by", "minuted_by"):
        assert cases_writable_by(item.added_by, Case.objects.filter(pk=item.case_id)).exists()
        assert item.case.created_at < item.meeting.starts_at
        if item.case.status == CaseStatus.AFGESLOTEN:
            assert item.case.closed_on > timezone.localtime(item.meeting.starts_at).date()
        if item.meeting.status == MeetingStatus.HELD:
            assert item.discussed is not None and item.minuted_at >= item.meeting.starts_at
            assert item.revision == 2
            assert cases_writable_by(item.minuted_by, Case.objects.filter(pk=item.case_id)).exists()
        else:
            assert item.discussed is None and item.minuted_at is None and item.revision == 1
            assert not item.actions.exists()

    # action_add: an owner on the team, a deadline of the kind for that owner, due on the agreed day
    action_type = ContentType.objects.get_for_model(Action)
    actions = list(Action.objects.select_related("item__meeting__meeting_type", "deadline__rule"))
    assert actions
    for action in actions:
        item = action.item
        assert item.discussed is True
        assert _owner_on_team(item.case, action.owner_user, action.owner_organisation)
        deadline = action.deadline
        assert (deadline.kind, deadline.rule.code, deadline.subject_type_id, deadline.subject_id) == (
            ACTION_KIND, ACTION_RULE, action_type.pk, action.pk,
        )  # fmt: skip
        assert deadline.case_id == item.case_id and deadline.anchor_date == action.due_on
        assert deadline.due_on == compute_due(deadline.rule, action.due_on)
        assert deadline.title == _deadline_title(item)
        assert (deadline.owner_user_id, deadline.owner_organisation_id) == (
            action.owner_user_id, action.owner_organisation_id,
        )  # fmt: skip
        assert action.due_on >= timezone.localtime(item.meeting.starts_at).date()
    assert Deadline.objects.filter(kind=ACTION_KIND).count() == len(actions)

    # laatst besproken: the annotation and the case fact agree with the seeded minutes
    on_agenda = Case.objects.filter(agenda_items__isnull=False).distinct().annotate(last=last_discussed())
    assert on_agenda.exists()
    for case in on_agenda:
        held = AgendaItem.objects.filter(case=case, discussed=True, meeting__status=MeetingStatus.HELD)
        latest = held.order_by("-meeting__starts_at").values_list("meeting__starts_at", flat=True).first()
        assert case.last == case_last_discussed(case) == latest

    # the benchmark process manager attends every meeting of its region in person; of each agenda it sees the
    # items of its own cases, and of the others only that a case is on the agenda
    mine = meetings_visible_to(pm)
    assert mine.count() == weeks and all(m.attendees.filter(user=pm).exists() for m in mine)
    visible = set(cases_visible_to(pm).values_list("pk", flat=True))
    hidden_seen = shown_seen = 0
    for meeting in mine:
        page = meeting_page(user=pm, meeting=meeting)
        for row, item in zip(page.rows, meeting.items.order_by("position", "id"), strict=True):
            assert (row.item is not None) == (item.case_id in visible)
            hidden_seen += row.item is None
            shown_seen += row.item is not None
    assert hidden_seen and shown_seen

    # the scenarios' meeting and case, and the pinned query counts on the seeded data
    ctx = overleg_context()
    assert 0 < ctx.shown_items < ctx.meeting_items
    held = mine.filter(status=MeetingStatus.HELD).count()
    assert ctx.case_items == weeks and ctx.discussions == held >= WEEKS_PAST - 5
    http = verified_client(pm)
    with django_assert_num_queries(MEETING_PAGE_QUERIES - 1):  # an attendee who does not run the meeting
        assert http.get(reverse("overleg:meeting_detail", args=[ctx.meeting_id])).status_code == 200
    with django_assert_num_queries(CASE_TAB_QUERIES):
        assert http.get(reverse("overleg:case_meetings", args=[ctx.case_ids[0]])).status_code == 200


def _wipe_overleg() -> None:
    """A database seeded before the casusoverleg (its deadlines go with it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(m._meta.db_table for m in OVERLEG_MODELS)}")
        for model in (Deadline, Deadline.history.model):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE kind = %s", [ACTION_KIND])  # noqa: S608


@pytest.mark.django_db
def test_reuse_seeds_overleg_exactly_as_a_fresh_seeding(tmp_path):
    one = ["--scenario", "Meldingen"]
    _run(*one, "--output", str(tmp_path / "first.md"))

    def snapshot() -> dict[str, object]:
        return {
            "meetings": sorted(Meeting.objects.values_list("id", "starts_at", "status", "chair_id", "title")),
            "attendees": sorted(
                Attendee.objects.values_list("id", "meeting_id", "organisation_id", "user_id", "role")
            ),
            "items": sorted(
                AgendaItem.objects.values_list("meeting_id", "case_id", "position", "discussed", "minuted_at")
            ),
            "actions": sorted(
                Action.objects.values_list("id", "item_id", "due_on", "owner_user_id", "deadline_id")
            ),
            "deadlines": sorted(
                Deadline.objects.filter(kind=ACTION_KIND).values_list(
                    "id", "due_on", "status", "escalation_level"
                )
            ),
        }

    fresh = snapshot()
    _wipe_overleg()
    out = _run(*one, "--reuse", "--output", str(tmp_path / "second.md"))
    assert "seeding what it lacks: seed_overleg" in out
    assert snapshot() == fresh
