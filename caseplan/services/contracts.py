"""Writes and reads of the gedragscontract (seed 000, "Gedragscontract 1/2").

A contract is prepared from a published plan version and edited only while ``voorbereid`` (optimistic
locking on ``revision``). It is signed for the municipality's partners, then by the client: that
signature (date, place, and a scan or a drawn signature as evidence) puts it in force, and in the same
transaction the PDF is rendered once, stored and its SHA-256 recorded; those bytes are what partners
print, every time. A refusal starts the drang- en dwangcomponenten (a deadline for the process manager,
a notification, and the case flag of ``cases_with_refused_contract``). An in-force contract changes only
by a new version (art. 6) and ends by termination (art. 10-12) or when its end date passes.

A contract that runs for N months without police mutations (art. 9) counts them from the day it comes
into force (a new version goes on counting where the version it replaces stood); each police mutation
registered on it starts the count again from its date. The end of the count is a deadline of the process
manager, with the rule's reminder before it; terminating for "maanden bereikt" completes it."""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import logging
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access import may_record_police_records, user_can_change_case
from caseplan.hooks import deadline_keeper
from caseplan.models import (
    OPEN_STATUSES,
    Case,
    Contract,
    ContractStatus,
    DurationKind,
    PlanVersion,
    PoliceRecord,
    SignatureMethod,
    TerminationReason,
    VersionStatus,
)
from caseplan.models.contract import police_reference_validator
from caseplan.selectors.cases import case_process_managers
from caseplan.selectors.team import team_people
from common.errors import EditConflict, StateConflict
from common.history import note_change
from common.unset import UNSET, Unset, given
from common.uploads import DRAWN_SIGNATURE, SCAN, CheckedFile, check_upload
from notifications.services import Message, notify
from privacy.models import User

logger = logging.getLogger(__name__)

COERCION_DEADLINE = "drang-dwang"  # the rule code and the deadline kind (deadlines/migrations/0003)
MONTHS_DEADLINE = "gedragscontract-maanden"  # the rule code and the deadline kind (deadlines/migrations/0006)
NOTIFICATION_KIND = "gedragscontract"
MAX_MONTHS = 120
UPDATE_FIELDS = (
    "plan_version",
    "casemanager",
    "partner_signatory_name",
    "duration_kind",
    "end_date",
    "months_without_mutations",
    "place",
    "contract_date",
)


class ContractStateError(StateConflict):
    """The contract is not in the state this step needs (the API answers 409)."""


class ContractLockedError(ContractStateError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Dit gedragscontract is getekend of afgesloten en verandert niet meer. "
                "Wijzigen kan alleen met een nieuwe versie (art. 6)."
            ),
            code="contract_locked",
        )


# --- helpers -------------------------------------------------------------------------------------------


def _lock(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("case__client", "case__gemeente", "plan_version__plan__template")
        .get(pk=contract.pk)
    )


def _check_revision(current: Contract, expected_revision: int | None) -> None:
    """Checked before the status: a sender who missed a change (a step included) sees the contract now."""
    if expected_revision is not None and current.revision != expected_revision:
        raise EditConflict(current)


def _require_status(current: Contract, *allowed: str) -> None:
    if current.status not in allowed:
        if current.status not in OPEN_STATUSES:
            raise ContractLockedError()
        raise ContractStateError(
            _("Deze stap kan niet bij een contract met status '%(status)s'.")
            % {"status": current.get_status_display()},
            code="contract_state",
        )


def _save(current: Contract, by: User | None, reason: str) -> Contract:
    current.revision += 1
    current.updated_by = by
    current.full_clean()
    note_change(current, by=by, reason=reason)
    current.save()
    return current


def _not_in_future(value: datetime.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


def _published(plan_version: PlanVersion, case: Case) -> PlanVersion:
    if plan_version.plan.case_id != case.pk:
        raise ValidationError({"plan_version": _("Deze planversie hoort niet bij deze casus.")})
    if plan_version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"plan_version": _("Een gedragscontract hoort bij een vastgesteld plan.")})
    return plan_version


def _clean_duration(current: Contract) -> None:
    """Art. 9: either an end date after the contract date, or N months without police mutations."""
    if current.duration_kind == DurationKind.END_DATE:
        current.months_without_mutations = None
        if current.end_date is None:
            raise ValidationError({"end_date": _("Vul de einddatum in (art. 9).")})
        if current.end_date <= current.contract_date:
            raise ValidationError({"end_date": _("De einddatum moet na de datum van het contract liggen.")})
    elif current.duration_kind == DurationKind.MONTHS:
        current.end_date = None
        months = current.months_without_mutations
        if not months or not 1 <= months <= MAX_MONTHS:
            raise ValidationError(
                {"months_without_mutations": _("Vul een aantal maanden in (1 tot en met 120).")}
            )
    else:
        raise ValidationError({"duration_kind": _("Kies een einddatum óf een aantal maanden (art. 9).")})


def _set_casemanager(current: Contract, casemanager: User) -> None:
    """Art. 7: the casemanager is a person on the case team; their name and organisation are copied into
    the contract's text. The one already named may stay, even after leaving the team."""
    if casemanager.pk != current.casemanager_id and not (
        team_people(current.case_id).filter(pk=casemanager.pk).exists()
    ):
        raise ValidationError(
            {
                "casemanager": _(
                    "%(name)s zit niet in het casusteam. Kies de casemanager uit het casusteam, of voeg "
                    "hem of haar eerst toe aan het team."
                )
                % {"name": casemanager}
            }
        )
    current.casemanager = casemanager
    current.casemanager_name = casemanager.get_full_name() or casemanager.email
    current.casemanager_organisation = casemanager.organisation.name if casemanager.organisation else ""


def _next_number(case: Case) -> int:
    return (Contract.objects.filter(case=case).aggregate(top=Max("number"))["top"] or 0) + 1


def _case_url(case_id: int) -> str:
    return reverse("caseplan:case_detail", kwargs={"pk": case_id})


def _process_managers(contract: Contract) -> list[User]:
    managers = case_process_managers(contract.case_id)
    if contract.created_by.is_active and contract.created_by not in managers:
        managers.append(contract.created_by)
    return managers


def _months_deadline_owner(contract: Contract, by: User) -> User:
    """The owner of the months deadline: whoever owns it now, else the process manager who prepared the
    contract, else one of the case's process managers, else the person who acted."""
    active = deadline_keeper().active_on_case(case_id=contract.case_id, kind=MONTHS_DEADLINE)
    if active is not None and active.owner_user is not None and active.owner_user.is_active:
        return active.owner_user
    managers = _process_managers(contract)
    return managers[0] if managers else by


def _keep_months_deadline(contract: Contract, by: User) -> None:
    """Art. 9: the end of the N months without police mutations is the process manager's deadline (the
    rule reminds them before it); a police mutation moves it to the new end."""
    end = contract.months_end_date
    if contract.status != ContractStatus.IN_FORCE or end is None:
        return
    deadline_keeper().set(
        subject=contract,
        kind=MONTHS_DEADLINE,
        rule_code=MONTHS_DEADLINE,
        anchor=end,
        title=(
            f"Gedragscontract loopt af: {contract.months_without_mutations} maanden zonder "
            f"politiemutaties ({contract.case.reference})"
        ),
        case_id=contract.case_id,
        owner_user=_months_deadline_owner(contract, by),
        by=by,
    )


# --- preparing and editing -----------------------------------------------------------------------------


@transaction.atomic
def contract_prepare(
    *,
    plan_version: PlanVersion,
    by: User,
    casemanager: User,
    partner_signatory_name: str,
    duration_kind: str,
    end_date: datetime.date | None = None,
    months_without_mutations: int | None = None,
    place: str,
    contract_date: datetime.date | None = None,
) -> Contract:
    """A new contract (status voorbereid) for the published plan version's case, parties copied in."""
    case = (
        Case.objects.select_for_update()
        .select_related("client", "gemeente")
        .get(pk=plan_version.plan.case_id)
    )
    _published(plan_version, case)
    if case.contracts.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("Deze casus heeft al een gedragscontract in voorbereiding."))
    if case.contracts.filter(status=ContractStatus.IN_FORCE).exists():
        raise ValidationError(
            _("Er is al een gedragscontract in werking; wijzigen kan alleen met een nieuwe versie (art. 6).")
        )
    contract = Contract(
        case=case,
        plan_version=plan_version,
        number=_next_number(case),
        gemeente_name=case.gemeente.name,
        client_name=case.client.full_name,
        partner_signatory_name=partner_signatory_name.strip(),
        duration_kind=duration_kind,
        end_date=end_date,
        months_without_mutations=months_without_mutations,
        place=place.strip(),
        contract_date=contract_date or timezone.localdate(),
        created_by=by,
        revision=0,
    )
    _set_casemanager(contract, casemanager)
    _clean_duration(contract)
    return _save(contract, by, "gedragscontract voorbereid")


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    by: User,
    expected_revision: int,
    plan_version: PlanVersion | Unset = UNSET,
    casemanager: User | Unset = UNSET,
    partner_signatory_name: str | Unset = UNSET,
    duration_kind: str | Unset = UNSET,
    end_date: datetime.date | Unset | None = UNSET,
    months_without_mutations: int | Unset | None = UNSET,
    place: str | Unset = UNSET,
    contract_date: datetime.date | Unset = UNSET,
) -> Contract:
    """Change the variable parts given while the contract is voorbereid; a stale revision raises
    EditConflict. A contract whose casemanager was typed as text keeps that text until someone from the
    case team is picked."""
    fields = given(
        plan_version=plan_version,
        partner_signatory_name=partner_signatory_name,
        duration_kind=duration_kind,
        end_date=end_date,
        months_without_mutations=months_without_mutations,
        place=place,
        contract_date=contract_date,
    )
    current = _lock(contract)
    _check_revision(current, expected_revision)
    _require_status(current, ContractStatus.PREPARED)
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if isinstance(casemanager, User):
        _set_casemanager(current, casemanager)
    if "plan_version" in fields:
        _published(current.plan_version, current.case)
    _clean_duration(current)
    return _save(current, by, "gedragscontract gewijzigd")


# --- signing ---------------------------------------------------------------------------------------------


@transaction.atomic
def contract_sign_partners(
    *,
    contract: Contract,
    by: User,
    signed_on: datetime.date,
    expected_revision: int | None = None,
    partner_signatory_name: str | None = None,
) -> Contract:
    """Record that the named signatory signed on behalf of the gemeentepartners; the text is now fixed."""
    current = _lock(contract)
    _check_revision(current, expected_revision)
    _require_status(current, ContractStatus.PREPARED)
    _not_in_future(signed_on, "signed_on")
    _clean_duration(current)  # a new version may still carry the old, passed end date
    if partner_signatory_name is not None and partner_signatory_name.strip():
        current.partner_signatory_name = partner_signatory_name.strip()
    current.partners_signed_on = signed_on
    current.partners_recorded_by = by
    current.status = ContractStatus.PARTNERS_SIGNED
    return _save(current, by, "getekend namens de gemeentepartners")


def signature_from_data_url(value: str) -> bytes:
    """The PNG bytes of a signature drawn in the browser (``canvas.toDataURL('image/png')``)."""
    prefix = "data:image/png;base64,"
    if not value.startswith(prefix):
        raise ValidationError({"signature": _("De getekende handtekening is geen PNG-afbeelding.")})
    try:
        return base64.b64decode(value[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": _("De getekende handtekening is onleesbaar.")}) from exc


def _evidence(scan: Any, drawn_png: bytes | None) -> tuple[str, CheckedFile]:
    """The method and the checked file of the evidence: exactly one of a scan or a drawn signature. A drawn
    signature is scaled down to the size it is printed at, so the PDF renders quickly."""
    if (scan is None) == (drawn_png is None):
        raise ValidationError(
            {"signature": _("Lever een scan van het getekende exemplaar óf een handtekening op de tablet.")}
        )
    if drawn_png is not None:
        return SignatureMethod.DRAWN, check_upload(drawn_png, DRAWN_SIGNATURE, field="signature")
    return SignatureMethod.SCAN, check_upload(scan, SCAN, field="scan")


@transaction.atomic
def contract_sign_client(
    *,
    contract: Contract,
    by: User,
    signed_on: datetime.date,
    place: str,
    scan: Any = None,
    drawn_png: bytes | None = None,
    expected_revision: int | None = None,
) -> Contract:
    """The process manager records the client's signature; the contract comes into force (art. 9) and its
    PDF is rendered and frozen in this transaction. A contract it replaces becomes ``vervangen``."""
    from caseplan.services.contract_pdf import render_contract_pdf  # the PDF module reads the models only

    current = _lock(contract)
    _check_revision(current, expected_revision)
    _require_status(current, ContractStatus.PARTNERS_SIGNED)
    _not_in_future(signed_on, "signed_on")
    if current.partners_signed_on and signed_on < current.partners_signed_on:
        raise ValidationError({"signed_on": _("De cliënt kan niet tekenen vóór de gemeentepartners.")})
    if not place.strip():
        raise ValidationError({"place": _("Vul de plaats van ondertekening in.")})
    method, checked = _evidence(scan, drawn_png)
    evidence = checked.data
    replaced: Contract | None = None
    if current.replaces_id:
        old = Contract.objects.select_for_update().get(pk=current.replaces_id)
        if old.status == ContractStatus.IN_FORCE:
            replaced = old
            old.status = ContractStatus.REPLACED
            old.ended_on = signed_on
            old.ended_by = by
            _save(old, by, f"vervangen door versie {current.number}")
    if current.duration_kind == DurationKind.MONTHS:
        # art. 9 counts months without police mutations: a new version goes on where the old one stood
        carried = replaced.months_counted_from if replaced is not None else None
        current.months_counted_from = carried or signed_on
    current.client_signed_on = signed_on
    current.client_signed_place = place.strip()
    current.client_recorded_by = by
    current.signature_method = method
    current.signature_sha256 = hashlib.sha256(evidence).hexdigest()
    current.in_force_from = signed_on
    current.status = ContractStatus.IN_FORCE
    stored: list[Any] = []
    try:
        current.signature_file.save(checked.name, checked, save=False)
        stored.append(current.signature_file)
        pdf = render_contract_pdf(
            current, signature_png=evidence if method == SignatureMethod.DRAWN else None
        )
        current.pdf_file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        stored.append(current.pdf_file)
        current.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        current.pdf_rendered_at = timezone.now()
        _save(current, by, "getekend door de cliënt; in werking; PDF vastgelegd")
        _keep_months_deadline(current, by)
        if replaced is not None:
            deadline_keeper().cancel_for(
                subject=replaced,
                kind=MONTHS_DEADLINE,
                by=by,
                reason=f"vervangen door versie {current.number}",
            )
        return current
    except BaseException:
        for field in stored:
            field.storage.delete(field.name)
        raise


@transaction.atomic
def contract_refuse(
    *,
    contract: Contract,
    by: User,
    refused_on: datetime.date | None = None,
    note: str,
    expected_revision: int | None = None,
) -> Contract:
    """The client refuses to sign: status geweigerd, and the drang- en dwangcomponenten start (seed 000):
    a deadline for the process manager who prepared it, a notification, and the case flag."""
    current = _lock(contract)
    _check_revision(current, expected_revision)
    _require_status(current, *OPEN_STATUSES)
    refused_on = refused_on or timezone.localdate()
    _not_in_future(refused_on, "refused_on")
    if not note.strip():
        raise ValidationError({"note": _("Beschrijf de weigering.")})
    current.status = ContractStatus.REFUSED
    current.refused_on = refused_on
    current.refusal_note = note.strip()
    current.refused_by = by
    _save(current, by, "geweigerd door de cliënt")
    reference = current.case.reference
    deadline = deadline_keeper().set(
        subject=current,
        kind=COERCION_DEADLINE,
        rule_code=COERCION_DEADLINE,
        anchor=refused_on,
        title=f"Drang- en dwangcomponenten inzetten ({reference})",
        case_id=current.case_id,
        owner_user=current.created_by if current.created_by.is_active else by,
        by=by,
    )
    notify(
        recipients=_process_managers(current),
        message=Message(
            kind=NOTIFICATION_KIND,
            title=_("Gedragscontract geweigerd in casus %(ref)s") % {"ref": reference},
            body=_(
                "De cliënt weigert het gedragscontract te tekenen. De drang- en dwangcomponenten gaan "
                "in werking (regie procesmanager), uiterlijk %(due)s."
            )
            % {"due": deadline.due_on.strftime("%d-%m-%Y")},
            url=_case_url(current.case_id),
            case_id=current.case_id,
            deadline_id=deadline.pk,
        ),
        dedupe_key=f"contract:{current.pk}:geweigerd",
    )
    return current


# --- changes and the end -------------------------------------------------------------------------------


@transaction.atomic
def contract_new_version(
    *,
    contract: Contract,
    by: User,
    reason: str,
    casemanager_consent: bool,
    discussed_with_client_on: datetime.date,
    plan_version: PlanVersion | None = None,
) -> Contract:
    """Art. 6: a change only after discussion with the client and consent of the casemanager. The in-force
    contract is copied into a new version (voorbereid); it is replaced when the new one comes into force."""
    current = _lock(contract)
    _require_status(current, ContractStatus.IN_FORCE)
    if not reason.strip():
        raise ValidationError({"reason": _("Vul de reden van de wijziging in.")})
    if not casemanager_consent:
        raise ValidationError(
            {"casemanager_consent": _("Wijzigen kan alleen met instemming van de casemanager.")}
        )
    _not_in_future(discussed_with_client_on, "discussed_with_client_on")
    case = current.case
    if case.contracts.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("Er is al een nieuwe versie in voorbereiding."))
    if plan_version is None:
        plan_version = (
            PlanVersion.objects.filter(plan=current.plan_version.plan, status=VersionStatus.PUBLISHED)
            .order_by("-number")
            .first()
        ) or current.plan_version
    new = Contract(
        case=case,
        plan_version=_published(plan_version, case),
        number=_next_number(case),
        replaces=current,
        gemeente_name=current.gemeente_name,
        client_name=case.client.full_name,
        partner_signatory_name=current.partner_signatory_name,
        casemanager_id=current.casemanager_id,
        casemanager_name=current.casemanager_name,
        casemanager_organisation=current.casemanager_organisation,
        duration_kind=current.duration_kind,
        end_date=current.end_date,
        months_without_mutations=current.months_without_mutations,
        place=current.place,
        contract_date=timezone.localdate(),
        change_reason=reason.strip(),
        discussed_with_client_on=discussed_with_client_on,
        casemanager_consent=True,
        created_by=by,
        revision=0,
    )
    # an end date that has (almost) passed is kept until the user sets a new one: signing checks it
    return _save(new, by, f"nieuwe versie van versie {current.number}: {new.change_reason}"[:100])


@transaction.atomic
def contract_terminate(
    *,
    contract: Contract,
    by: User,
    reason: str,
    ended_on: datetime.date | None = None,
    note: str = "",
    police_report_reference: str = "",
    expected_revision: int | None = None,
) -> Contract:
    """End an in-force contract for one of the reasons of art. 10-12; art. 11 needs a proces-verbaal."""
    current = _lock(contract)
    _check_revision(current, expected_revision)
    _require_status(current, ContractStatus.IN_FORCE)
    ended_on = ended_on or timezone.localdate()
    _not_in_future(ended_on, "ended_on")
    if reason not in TerminationReason.values:
        raise ValidationError({"reason": _("Kies een reden voor de beëindiging.")})
    if current.in_force_from and ended_on < current.in_force_from:
        raise ValidationError({"ended_on": _("Het contract eindigt niet vóór het in werking trad.")})
    if reason == TerminationReason.OFFENCE and not police_report_reference.strip():
        raise ValidationError(
            {
                "police_report_reference": _(
                    "Een strafbaar feit of overlast moet blijken uit een proces-verbaal: vul het nummer in."
                )
            }
        )
    if reason == TerminationReason.DURATION_PASSED and current.duration_kind != DurationKind.END_DATE:
        raise ValidationError({"reason": _("Dit contract heeft geen einddatum maar een aantal maanden.")})
    if reason == TerminationReason.MONTHS_REACHED and current.duration_kind != DurationKind.MONTHS:
        raise ValidationError({"reason": _("Dit contract heeft een einddatum, geen aantal maanden.")})
    months_end = current.months_end_date
    if reason == TerminationReason.MONTHS_REACHED and months_end is not None and ended_on < months_end:
        raise ValidationError(
            {
                "ended_on": _(
                    "De %(months)s maanden zonder politiemutaties zijn pas om op %(date)s (art. 9)."
                )
                % {"months": current.months_without_mutations, "date": months_end.strftime("%d-%m-%Y")}
            }
        )
    current.status = ContractStatus.ENDED
    current.ended_on = ended_on
    current.end_reason = reason
    current.end_note = note.strip()
    current.police_report_reference = police_report_reference.strip()
    current.ended_by = by
    _save(current, by, f"beëindigd: {current.get_end_reason_display()}"[:100])
    if reason == TerminationReason.MONTHS_REACHED:
        deadline_keeper().complete_for(subject=current, kind=MONTHS_DEADLINE, by=by)
    else:
        deadline_keeper().cancel_for(
            subject=current, kind=MONTHS_DEADLINE, by=by, reason="contract beëindigd"
        )
    return current


@transaction.atomic
def contract_police_record_add(
    *,
    contract: Contract,
    by: User,
    registered_on: datetime.date,
    reference: str,
    expected_revision: int | None = None,
) -> PoliceRecord:
    """Art. 9: a police mutation of the client (crime or nuisance) on an in-force contract that runs for N
    months without them. The count starts again from its date (a mutation from before the count started
    is refused: it would change nothing), the deadline moves with it and the process managers hear of it.
    Only the date and the police system's reference are kept: minimisation. Justice partners and the
    process manager's organisations, with write access, register them
    (``caseplan.access.POLICE_RECORD_ORGANISATION_TYPES``)."""
    current = _lock(contract)
    if not may_record_police_records(by) or not user_can_change_case(by, current.case):
        raise PermissionDenied(
            _(
                "Politiemutaties registreren de justitiepartners (politie, OM, reclassering) en de "
                "procesmanager (gemeente, Veiligheidshuis), met schrijfrechten in de casus."
            )
        )
    _check_revision(current, expected_revision)
    if current.status != ContractStatus.IN_FORCE:
        raise ContractStateError(
            _("Politiemutaties tellen alleen bij een gedragscontract dat in werking is."),
            code="contract_state",
        )
    if current.duration_kind != DurationKind.MONTHS:
        raise ContractStateError(
            _("Dit contract eindigt op een datum; het telt geen maanden zonder politiemutaties (art. 9)."),
            code="contract_not_months",
        )
    _not_in_future(registered_on, "registered_on")
    started = current.months_counted_from or current.in_force_from
    assert started is not None  # an in-force contract has come into force
    if registered_on < started:
        # minimisation: a mutation from before the count changes nothing, so it is not kept either
        raise ValidationError(
            {
                "registered_on": _(
                    "De maanden tellen al vanaf %(date)s (het in werking treden of een latere mutatie); "
                    "een oudere mutatie verandert niets en wordt niet vastgelegd."
                )
                % {"date": started.strftime("%d-%m-%Y")}
            }
        )
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Vul het kenmerk van de registratie in.")})
    try:
        police_reference_validator(reference)
    except ValidationError as exc:
        raise ValidationError({"reference": exc.messages}) from exc
    record = PoliceRecord(
        case_id=current.case_id,
        contract=current,
        registered_on=registered_on,
        reference=reference,
        counted_from_before=started,
        counted_from_after=registered_on,
        recorded_by=by,
    )
    note_change(record, by=by, reason="politiemutatie geregistreerd")
    record.save()
    current.months_counted_from = registered_on
    if not record.restarted:  # a second mutation on the day the count starts
        _save(current, by, f"politiemutatie {reference} geregistreerd; de telling blijft staan")
        return record
    _save(
        current, by, f"politiemutatie {reference}: de maanden tellen opnieuw vanaf {registered_on:%d-%m-%Y}"
    )
    _keep_months_deadline(current, by)
    end = current.months_end_date
    assert end is not None
    notify(
        recipients=[manager for manager in _process_managers(current) if manager.pk != by.pk],
        message=Message(
            kind=NOTIFICATION_KIND,
            title=_("Politiemutatie geregistreerd in casus %(ref)s") % {"ref": current.case.reference},
            body=_(
                "De %(months)s maanden zonder politiemutaties (art. 9) tellen opnieuw vanaf %(start)s; het "
                "gedragscontract loopt nu af op %(end)s."
            )
            % {
                "months": current.months_without_mutations,
                "start": registered_on.strftime("%d-%m-%Y"),
                "end": end.strftime("%d-%m-%Y"),
            },
            url=reverse(
                "caseplan:contract_detail", kwargs={"pk": current.case_id, "contract_pk": current.pk}
            ),
            case_id=current.case_id,
        ),
        dedupe_key=f"contract:{current.pk}:politiemutatie:{record.pk}",
    )
    return record


def contracts_expire(*, today: datetime.date | None = None) -> int:
    """End every in-force contract whose end date has passed and notify the case's process managers.
    Each contract in its own transaction with a row lock; safe to run twice (nothing happens twice)."""
    today = today or timezone.localdate()
    due = Contract.objects.filter(
        status=ContractStatus.IN_FORCE, duration_kind=DurationKind.END_DATE, end_date__lt=today
    ).values_list("pk", flat=True)
    ended = 0
    for pk in list(due):
        try:
            with transaction.atomic():
                current = (
                    Contract.objects.select_for_update(of=("self",))
                    .select_related("case", "created_by")
                    .filter(pk=pk, status=ContractStatus.IN_FORCE, end_date__lt=today)
                    .first()
                )
                if current is None or current.end_date is None:  # end_date__lt: never None here
                    continue
                current.status = ContractStatus.ENDED
                current.ended_on = current.end_date
                current.end_reason = TerminationReason.DURATION_PASSED
                current.end_note = _("Automatisch beëindigd: de einddatum is verstreken.")
                _save(current, None, "beëindigd: einddatum verstreken")
                notify(
                    recipients=_process_managers(current),
                    message=Message(
                        kind=NOTIFICATION_KIND,
                        title=_("Gedragscontract verlopen in casus %(ref)s")
                        % {"ref": current.case.reference},
                        body=_("Het gedragscontract (versie %(number)s) is op %(date)s geëindigd (art. 9).")
                        % {"number": current.number, "date": current.end_date.strftime("%d-%m-%Y")},
                        url=_case_url(current.case_id),
                        case_id=current.case_id,
                    ),
                    dedupe_key=f"contract:{current.pk}:verlopen",
                )
                ended += 1
        except Exception:
            logger.exception("contracts_expire: contract %s could not be ended", pk)
    return ended
