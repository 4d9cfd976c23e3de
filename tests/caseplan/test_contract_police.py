"""Gedragscontract art. 9, "ends once the client has not appeared in police mutations for N months": the
count starts when the contract comes into force, a registered police mutation starts it again (with its
history: by whom, when, from which date to which), its end is the process manager's deadline with a
reminder before it, and only justice partners and the process manager's organisations with write access
register mutations, as a date and a reference only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from PIL import Image

from caseplan.models import CaseAccess, CaseRole, Contract, PoliceRecord
from caseplan.services.contracts import (
    MONTHS_DEADLINE,
    ContractStateError,
    contract_new_version,
    contract_police_record_add,
    contract_sign_client,
    contract_sign_partners,
    contract_terminate,
)
from caseplan.services.team import case_member_add
from common.dates import add_months
from common.errors import EditConflict
from deadlines.models import Deadline, DeadlineStatus
from deadlines.services.calendar import next_working_day
from deadlines.services.scanner import deadlines_scan
from notifications.models import Notification
from privacy.models import User
from tests.world import World

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def in_force(world: World, signed_on: datetime.date = TODAY - 2 * DAY) -> Contract:
    """A contract of 6 months without police mutations, signed by the client on ``signed_on``."""
    contract = world.partners_signed_contract(signed_on=signed_on)
    return contract_sign_client(
        contract=contract, by=world.owner, signed_on=signed_on, place="Enschede", drawn_png=png()
    )


def months_deadline(contract: Contract) -> Deadline:
    return Deadline.objects.get(subject_id=contract.pk, kind=MONTHS_DEADLINE)


def member(world: World, email: str, organisation: object, access: str = CaseAccess.WRITE) -> User:
    user = world.person(email, organisation)
    case_member_add(case=world.case, by=world.owner, user=user, role=CaseRole.PARTNER, access=access)
    return user


def record(contract: Contract, by: User, registered_on: datetime.date, reference: str = "PL0600-2026-42"):
    current = Contract.objects.get(pk=contract.pk)
    return contract_police_record_add(
        contract=current,
        by=by,
        registered_on=registered_on,
        reference=reference,
        expected_revision=current.revision,
    )


def test_the_count_starts_when_the_contract_comes_into_force_and_its_end_is_a_deadline(world: World):
    contract = in_force(world)

    assert contract.months_counted_from == TODAY - 2 * DAY
    end = add_months(TODAY - 2 * DAY, 6)
    assert contract.months_end_date == end
    deadline = months_deadline(contract)
    assert deadline.rule.code == MONTHS_DEADLINE
    assert deadline.anchor_date == end
    assert deadline.due_on == next_working_day(end)
    assert deadline.owner_user == world.owner  # the process manager who prepared it
    assert deadline.case_id == world.case.pk
    assert deadline.rule.due_soon_days == 14  # the reminder, two weeks before


def test_an_end_date_contract_has_no_count_and_no_months_deadline(world: World):
    contract = world.partners_signed_contract()
    Contract.objects.filter(pk=contract.pk).update(
        duration_kind="einddatum", months_without_mutations=None, end_date=TODAY + 300 * DAY
    )
    contract = contract_sign_client(
        contract=Contract.objects.get(pk=contract.pk),
        by=world.owner,
        signed_on=TODAY,
        place="Enschede",
        drawn_png=png(),
    )
    assert contract.months_counted_from is None and contract.months_end_date is None
    assert not Deadline.objects.filter(kind=MONTHS_DEADLINE).exists()
    with pytest.raises(ContractStateError, match="eindigt op een datum"):
        record(contract, world.owner, TODAY)


def test_a_police_mutation_starts_the_count_again_and_moves_the_deadline(world: World):
    contract = in_force(world, signed_on=TODAY - 40 * DAY)
    agent = member(world, "wijkagent@politie.test", world.politie)

    registered = record(contract, agent, TODAY - 3 * DAY)

    contract.refresh_from_db()
    assert contract.months_counted_from == TODAY - 3 * DAY
    assert contract.months_end_date == add_months(TODAY - 3 * DAY, 6)
    assert (registered.counted_from_before, registered.counted_from_after) == (
        TODAY - 40 * DAY,
        TODAY - 3 * DAY,
    )
    assert registered.restarted and registered.recorded_by == agent
    assert registered.ends_on == contract.months_end_date
    deadline = months_deadline(contract)
    assert deadline.anchor_date == contract.months_end_date
    assert deadline.owner_user == world.owner  # still the process manager's, not the police's
    assert deadline.status == DeadlineStatus.OPEN
    assert Deadline.objects.filter(kind=MONTHS_DEADLINE).count() == 1  # moved, not a second one
    history = contract.history.first()
    assert history is not None and history.history_user == agent
    assert "opnieuw vanaf" in (history.history_change_reason or "")
    assert registered.history.get().history_user == agent
    # the process manager hears of it, with the new end date; the agent who registered it does not
    note = Notification.objects.get(recipient=world.owner, kind="gedragscontract")
    assert f"{contract.months_end_date:%d-%m-%Y}" in note.body
    assert world.case.reference in note.title
    assert not Notification.objects.filter(recipient=agent, kind="gedragscontract").exists()


def test_a_second_mutation_on_the_same_day_changes_nothing_but_is_kept(world: World):
    contract = in_force(world, signed_on=TODAY - 40 * DAY)
    record(contract, world.owner, TODAY - 5 * DAY, "PL-1")
    second = record(contract, world.owner, TODAY - 5 * DAY, "PL-2")
    assert not second.restarted
    assert PoliceRecord.objects.filter(contract=contract).count() == 2
    assert Contract.objects.get(pk=contract.pk).months_counted_from == TODAY - 5 * DAY


@pytest.mark.parametrize(
    ("registered_on", "reference", "field"),
    [
        (TODAY + DAY, "PL-1", "registered_on"),  # not in the future
        (TODAY - 41 * DAY, "PL-1", "registered_on"),  # before the count started: changes nothing, not kept
        (TODAY, "", "reference"),
        (TODAY, "Hij sloeg een ruit in", "reference"),  # a reference, never a description
        (TODAY, "PL-" + "1" * 40, "reference"),
    ],
)
def test_a_mutation_is_a_date_in_the_count_and_a_short_reference(
    world: World, registered_on: datetime.date, reference: str, field: str
):
    contract = in_force(world, signed_on=TODAY - 40 * DAY)
    with pytest.raises(ValidationError) as caught:
        record(contract, world.owner, registered_on, reference)
    assert field in caught.value.message_dict
    assert not PoliceRecord.objects.exists()
    assert Contract.objects.get(pk=contract.pk).months_counted_from == TODAY - 40 * DAY


def test_only_justice_partners_and_the_process_managers_side_with_write_access_register(world: World):
    contract = in_force(world)
    care = member(world, "regie@ggz.test", world.ggz)  # write access, but a care partner
    with pytest.raises(PermissionDenied):
        record(contract, care, TODAY)
    with pytest.raises(PermissionDenied):  # police, but read-only on the team
        record(contract, world.reader, TODAY)
    with pytest.raises(PermissionDenied):  # police with write access, but not on this team
        record(contract, world.person("elders@politie.test", world.politie), TODAY)
    assert not PoliceRecord.objects.exists()
    reclassering = world.organisation("Tactus Reclassering", type="reclassering")
    assert record(contract, member(world, "rn@tactus.test", reclassering), TODAY).pk


def test_a_stale_revision_is_an_edit_conflict(world: World):
    contract = in_force(world)
    stale = contract.revision
    record(contract, world.owner, TODAY)
    with pytest.raises(EditConflict) as caught:
        contract_police_record_add(
            contract=contract, by=world.owner, registered_on=TODAY, reference="PL-9", expected_revision=stale
        )
    assert caught.value.current.revision == stale + 1
    assert PoliceRecord.objects.count() == 1


def test_only_an_in_force_contract_counts(world: World):
    prepared = world.partners_signed_contract()
    with pytest.raises(ContractStateError):
        record(prepared, world.owner, TODAY)


def test_months_reached_only_after_the_end_and_it_completes_the_deadline(world: World):
    contract = in_force(world)
    with pytest.raises(ValidationError) as caught:
        contract_terminate(contract=contract, by=world.owner, reason="maanden_bereikt", ended_on=TODAY)
    assert "ended_on" in caught.value.message_dict
    # six months and a day later, nothing registered (the count moved back by hand, as time would)
    Contract.objects.filter(pk=contract.pk).update(months_counted_from=add_months(TODAY, -6) - DAY)
    ended = contract_terminate(
        contract=Contract.objects.get(pk=contract.pk),
        by=world.owner,
        reason="maanden_bereikt",
        ended_on=TODAY,
    )
    assert ended.status == "beeindigd"
    deadline = months_deadline(contract)
    assert deadline.status == DeadlineStatus.DONE and deadline.done_by == world.owner


def test_terminating_for_another_reason_cancels_the_deadline(world: World):
    contract = in_force(world)
    contract_terminate(
        contract=contract, by=world.owner, reason="strafbaar_feit", police_report_reference="PV-2026-7"
    )
    assert months_deadline(contract).status == DeadlineStatus.CANCELLED


def test_a_new_version_goes_on_counting_where_the_old_one_stood(world: World):
    old = in_force(world, signed_on=TODAY - 60 * DAY)
    record(old, world.owner, TODAY - 20 * DAY)
    new = contract_new_version(
        contract=Contract.objects.get(pk=old.pk),
        by=world.owner,
        reason="Nieuwe casemanager",
        casemanager_consent=True,
        discussed_with_client_on=TODAY,
    )
    new = contract_sign_partners(contract=new, by=world.owner, signed_on=TODAY)
    new = contract_sign_client(
        contract=new, by=world.owner, signed_on=TODAY, place="Enschede", drawn_png=png()
    )

    assert new.months_counted_from == TODAY - 20 * DAY
    assert months_deadline(old).status == DeadlineStatus.CANCELLED
    assert months_deadline(new).anchor_date == add_months(TODAY - 20 * DAY, 6)
    assert months_deadline(new).status == DeadlineStatus.OPEN


def test_the_owner_is_reminded_before_the_end_and_a_mutation_puts_the_end_back(world: World):
    signed_on = add_months(TODAY, -6) + 10 * DAY  # the six months are over in ten days
    contract = in_force(world, signed_on=signed_on)
    deadlines_scan(today=TODAY)
    reminder = Notification.objects.get(recipient=world.owner, kind="termijn_bijna")
    assert "Gedragscontract loopt af" in reminder.title

    record(contract, world.owner, TODAY)
    deadline = months_deadline(contract)
    assert deadline.anchor_date == add_months(TODAY, 6)
    deadlines_scan(today=TODAY)
    assert Notification.objects.filter(kind="termijn_bijna").count() == 1  # nothing due soon now
