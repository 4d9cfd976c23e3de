"""The casusoverleg's services: who may take part, who may put a case on the agenda, the minutes under
their lock, decisions through caseplan, and actions as deadlines with escalation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caseplan.models import Case, CaseStatus, PlanTemplate, PlanVersion, VersionStatus
from caseplan.services.cases import case_close
from caseplan.services.plans import plan_create, version_publish
from common.errors import EditConflict
from deadlines.models import Deadline, DeadlineStatus
from deadlines.selectors import deadline_list
from deadlines.services.scanner import deadlines_scan
from notifications.models import Notification
from overleg.models import AgendaItem, Attendee, MeetingStatus, MeetingType
from overleg.selectors import case_last_discussed, cases_not_discussed_since, last_discussed
from overleg.services.agenda import agenda_add, agenda_move, agenda_remove, agenda_reorder
from overleg.services.meetings import attendee_add, guest_add, meeting_schedule, meeting_update
from overleg.services.minutes import action_add, action_complete, item_minutes_save
from privacy.models import OrganisationType
from tests.factories import OrganisationFactory, UserFactory
from tests.world import MeetingParties


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- who takes part ----------------------------------------------------------------------------------


def test_an_organisation_of_a_kind_the_type_does_not_allow_is_refused_with_the_rule(mw: MeetingParties):
    corporatie = OrganisationFactory(name="Welbions", type=OrganisationType.WONINGCORPORATIE)
    jco = MeetingType.objects.get(code="jco")
    meeting = meeting_schedule(
        meeting_type=jco, starts_at=timezone.now(), chair=mw.pm, by=mw.pm, title="JCO Hengelo"
    )
    with pytest.raises(ValidationError) as refused:
        attendee_add(meeting=meeting, by=mw.pm, organisation=corporatie)
    message = _messages(refused)
    assert "Welbions (Woningcorporatie) mag niet deelnemen aan Justitieel casusoverleg jeugd (JCO)" in message
    assert "Raad voor de Kinderbescherming" in message and "Halt" in message  # the kinds it does admit
    assert "Justitieel casusoverleg jeugd" in message  # the purpose
    assert refused.value.error_dict.keys() == {"organisation"}
    assert not Attendee.objects.filter(meeting=meeting, organisation=corporatie).exists()


def test_a_person_is_refused_by_their_organisations_kind(mw: MeetingParties):
    halt_worker = UserFactory(
        organisation=OrganisationFactory(name="Halt Twente", type=OrganisationType.HALT)
    )
    with pytest.raises(ValidationError) as refused:
        attendee_add(meeting=mw.meeting, by=mw.pm, user=halt_worker)
    assert "Halt Twente (Halt) mag niet deelnemen" in _messages(refused)
    assert refused.value.error_dict.keys() == {"user"}
    jco = MeetingType.objects.get(code="jco")
    youth = meeting_schedule(meeting_type=jco, starts_at=timezone.now(), chair=mw.pm, by=mw.pm)
    attendee = attendee_add(meeting=youth, by=mw.pm, user=halt_worker)
    assert attendee.organisation.name == "Halt Twente"


def test_a_chair_of_a_refused_kind_cannot_schedule(mw: MeetingParties):
    with pytest.raises(ValidationError) as refused:
        meeting_schedule(
            meeting_type=MeetingType.objects.get(code="jco"),
            starts_at=timezone.now(),
            chair=mw.ggz_worker,
            by=mw.pm,
        )
    assert "Mediant GGZ (GGZ) mag niet deelnemen" in _messages(refused)


def test_the_chair_and_minute_taker_attend(mw: MeetingParties):
    meeting = meeting_schedule(
        meeting_type=MeetingType.objects.get(code="pga"),
        starts_at=timezone.now(),
        chair=mw.pm,
        minute_taker=mw.writer,
        by=mw.pm,
        organisations=[mw.ggz],
    )
    roles = {(a.user_id, a.organisation_id, a.role) for a in meeting.attendees.all()}
    assert roles == {
        (mw.pm.pk, mw.gemeente.pk, "voorzitter"),
        (mw.writer.pk, mw.politie.pk, "notulist"),
        (None, mw.ggz.pk, "deelnemer"),
    }


def test_a_guest_takes_part_only_after_signing_a_confidentiality_statement(mw: MeetingParties):
    with pytest.raises(ValidationError) as refused:
        guest_add(meeting=mw.meeting, by=mw.pm, name="Tolk", statement_signed_on=None)
    assert "geheimhoudingsverklaring" in _messages(refused)
    later = timezone.localtime(mw.meeting.starts_at).date() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        guest_add(meeting=mw.meeting, by=mw.pm, name="Tolk", statement_signed_on=later)
    guest = guest_add(meeting=mw.meeting, by=mw.pm, name="Tolk", statement_signed_on=timezone.localdate())
    assert guest.history.count() == 1


# --- the agenda ---------------------------------------------------------------------------------------


def test_only_a_team_member_with_write_access_puts_a_case_on_the_agenda(mw: MeetingParties):
    meeting = meeting_schedule(
        meeting_type=mw.meeting.meeting_type, starts_at=timezone.now(), chair=mw.pm, by=mw.pm
    )
    for stranger in (mw.agent, mw.ggz_worker):  # read-only on the case / not on its team
        with pytest.raises(ValidationError) as refused:
            agenda_add(meeting=meeting, case=mw.first, by=stranger)
        assert "casusteam" in _messages(refused)
    item = agenda_add(meeting=meeting, case=mw.first, by=mw.writer)
    assert item.position == 1
    with pytest.raises(ValidationError):
        agenda_add(meeting=meeting, case=mw.first, by=mw.pm)  # once per meeting


def test_no_case_on_the_agenda_while_an_attendee_is_no_longer_admitted(mw: MeetingParties):
    pga = mw.meeting.meeting_type
    pga.organisation_types = [k for k in pga.organisation_types if k != OrganisationType.GGZ]
    pga.save()
    third = Case.objects.get(pk=mw.second.pk)
    AgendaItem.objects.filter(case=third).delete()
    with pytest.raises(ValidationError) as refused:
        agenda_add(meeting=mw.meeting, case=third, by=mw.pm)
    assert "Mediant GGZ (GGZ) mag niet deelnemen" in _messages(refused)


def test_a_closed_case_or_a_cancelled_meeting_takes_no_new_items(mw: MeetingParties):
    AgendaItem.objects.filter(case=mw.second).delete()
    closed = case_close(case=mw.second, by=mw.pm, reason="Doelen bereikt")
    with pytest.raises(ValidationError) as refused:
        agenda_add(meeting=mw.meeting, case=closed, by=mw.pm)
    assert "afgesloten" in _messages(refused)
    meeting_update(
        meeting=mw.meeting, by=mw.pm, expected_revision=mw.meeting.revision, status=MeetingStatus.CANCELLED
    )
    mw.meeting.refresh_from_db()
    AgendaItem.objects.filter(case=mw.first).delete()
    with pytest.raises(ValidationError) as refused:
        agenda_add(meeting=mw.meeting, case=mw.first, by=mw.pm)
    assert "geannuleerd" in _messages(refused)


def test_the_chair_reorders_under_the_meetings_lock(mw: MeetingParties):
    revision = mw.meeting.revision
    agenda_move(
        meeting=mw.meeting, by=mw.pm, item_id=mw.item_second.pk, offset=-1, expected_revision=revision
    )
    order = list(
        AgendaItem.objects.filter(meeting=mw.meeting).order_by("position").values_list("case_id", flat=True)
    )
    assert order == [mw.second.pk, mw.first.pk]
    with pytest.raises(EditConflict):  # a second reorder from the same, now stale page
        agenda_reorder(
            meeting=mw.meeting,
            by=mw.pm,
            item_ids=[mw.item_first.pk, mw.item_second.pk],
            expected_revision=revision,
        )
    with pytest.raises(ValidationError):
        agenda_reorder(
            meeting=mw.meeting, by=mw.pm, item_ids=[mw.item_first.pk], expected_revision=revision + 1
        )


def test_an_item_with_minutes_stays_on_the_agenda(mw: MeetingParties):
    item_minutes_save(item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, situation="Rustig")
    with pytest.raises(ValidationError):
        agenda_remove(item=AgendaItem.objects.get(pk=mw.item_first.pk), by=mw.pm)
    agenda_remove(item=mw.item_second, by=mw.pm)
    assert not AgendaItem.objects.filter(pk=mw.item_second.pk).exists()


# --- minutes and decisions ------------------------------------------------------------------------------


def test_minutes_are_locked_and_kept_in_history(mw: MeetingParties):
    saved = item_minutes_save(
        item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, situation="Woont weer zelfstandig"
    )
    assert (saved.revision, saved.discussed, saved.minuted_by) == (2, True, mw.pm)
    with pytest.raises(EditConflict) as conflict:
        item_minutes_save(item=mw.item_first, by=mw.writer, expected_revision=1, discussed=False)
    assert conflict.value.current.situation == "Woont weer zelfstandig"
    history = AgendaItem.history.filter(id=mw.item_first.pk).order_by("history_date")
    assert [h.history_change_reason for h in history] == ["op de agenda gezet", "verslag vastgelegd"]
    assert history.last().history_user == mw.pm


def test_decisions_change_the_case_through_caseplan(mw: MeetingParties):
    item_minutes_save(
        item=mw.item_first,
        by=mw.pm,
        expected_revision=1,
        discussed=True,
        decisions="Hoge prioriteit; over naar nazorg",
        case_status=CaseStatus.NAZORG,
        high_priority=True,
    )
    case = Case.objects.get(pk=mw.first.pk)
    assert (case.status, case.high_priority) == (CaseStatus.NAZORG, True)
    assert case.history.first().history_change_reason == "casus gewijzigd"
    with pytest.raises(ValidationError):  # no decisions about a case that was not discussed
        item_minutes_save(
            item=mw.item_second, by=mw.pm, expected_revision=1, discussed=False, high_priority=True
        )


def test_a_decision_starts_a_new_plan_version_and_the_item_links_the_plan(mw: MeetingParties):
    with pytest.raises(ValidationError):  # no published plan yet
        item_minutes_save(
            item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, new_plan_version=True
        )
    draft = plan_create(case=mw.first, template=PlanTemplate.objects.get(code="maatwerkplan"), by=mw.pm)
    published = version_publish(version=draft, by=mw.pm, evaluation_date=None)
    item = item_minutes_save(
        item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True, new_plan_version=True
    )
    assert item.plan_version == published
    assert PlanVersion.objects.filter(plan=published.plan, status=VersionStatus.DRAFT, number=2).exists()


# --- actions as deadlines ------------------------------------------------------------------------------


def test_an_action_becomes_a_deadline_for_its_owner_and_escalates(mw: MeetingParties):
    due = timezone.localtime(mw.meeting.starts_at).date() + datetime.timedelta(days=7)
    action = action_add(
        item=mw.item_first, by=mw.pm, description="Woningcorporatie bellen", due_on=due, owner_user=mw.writer
    )
    deadline = Deadline.objects.get(pk=action.deadline_id)
    assert (deadline.due_on, deadline.owner_user, deadline.case_id, deadline.kind) == (
        due,
        mw.writer,
        mw.first.pk,
        "overleg-actie",
    )
    assert "Woningcorporatie" not in deadline.title  # the title goes out by e-mail: no content
    assert list(deadline_list(user=mw.writer, mine=True)) == [deadline]
    deadlines_scan(today=due + datetime.timedelta(days=10))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.escalation_level) == (DeadlineStatus.ESCALATED, 3)
    assert Notification.objects.filter(
        deadline=deadline, recipient=mw.writer, kind="termijn_verlopen"
    ).exists()
    action_complete(action=action, by=mw.writer)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.DONE


def test_an_action_has_one_owner_on_the_case_team(mw: MeetingParties):
    due = timezone.localtime(mw.meeting.starts_at).date()
    with pytest.raises(ValidationError) as refused:
        action_add(item=mw.item_first, by=mw.pm, description="x", due_on=due, owner_user=mw.ggz_worker)
    assert "casusteam" in _messages(refused)
    with pytest.raises(ValidationError):
        action_add(item=mw.item_first, by=mw.pm, description="x", due_on=due)
    with pytest.raises(ValidationError):
        action_add(
            item=mw.item_first,
            by=mw.pm,
            description="x",
            due_on=due - datetime.timedelta(days=1),
            owner_user=mw.pm,
        )
    action = action_add(
        item=mw.item_first, by=mw.pm, description="x", due_on=due, owner_organisation=mw.politie
    )
    assert action.deadline.owner_organisation == mw.politie


# --- laatst besproken ---------------------------------------------------------------------------------


def test_last_discussed_counts_discussed_items_of_meetings_held(mw: MeetingParties):
    assert case_last_discussed(mw.first) is None
    item_minutes_save(item=mw.item_first, by=mw.pm, expected_revision=1, discussed=True)
    item_minutes_save(item=mw.item_second, by=mw.pm, expected_revision=1, discussed=False)
    assert case_last_discussed(mw.first) == mw.meeting.starts_at
    assert case_last_discussed(mw.second) is None
    annotated = dict(Case.objects.annotate(at=last_discussed()).values_list("pk", "at"))
    assert annotated == {mw.first.pk: mw.meeting.starts_at, mw.second.pk: None}
    later = mw.meeting.starts_at + datetime.timedelta(minutes=1)
    assert set(cases_not_discussed_since(later)) == {mw.first, mw.second}
    assert set(cases_not_discussed_since(mw.meeting.starts_at)) == {mw.second}
    meeting_update(
        meeting=mw.meeting, by=mw.pm, expected_revision=mw.meeting.revision, status=MeetingStatus.CANCELLED
    )
    assert case_last_discussed(mw.first) is None
