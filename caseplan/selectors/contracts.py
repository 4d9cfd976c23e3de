"""Reads of the gedragscontract: the contracts of a case, one contract inside a case, the frozen PDF's
bytes (checked against their SHA-256), and the drang/dwang flag: a case with a refused contract that no
later contract has replaced (``cases_with_refused_contract``, for the dashboard and the case page), and
the police mutations registered on a contract that counts months without them (art. 9)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from caseplan.models import Case, Contract, ContractStatus, DurationKind, PoliceRecord


class ContractIntegrityError(Exception):
    """The stored PDF no longer matches its recorded SHA-256: never hand it out."""


def contract_queryset() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "case",
        "plan_version__plan__template",
        "replaces",
        "created_by",
        "partners_recorded_by",
        "casemanager",
    )


def contracts_for_case(case: Case) -> QuerySet[Contract]:
    return contract_queryset().filter(case=case).order_by("-number")


def contract_for_case(case: Case, pk: int | str) -> Contract:
    """A contract inside a case the caller already has access to; 404 for any other."""
    try:
        return contracts_for_case(case).get(pk=int(pk))
    except (Contract.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Dit gedragscontract bestaat niet.")) from exc


def contract_pdf_bytes(contract: Contract) -> bytes:
    """The frozen PDF exactly as stored, checked against its recorded SHA-256."""
    if not contract.pdf_sha256 or not contract.pdf_file:
        raise Http404(_("Dit gedragscontract is nog niet getekend."))
    with contract.pdf_file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != contract.pdf_sha256:
        raise ContractIntegrityError(f"PDF of contract {contract.pk} does not match its SHA-256")
    return data


def refused_contracts() -> QuerySet[Contract]:
    """Refused contracts not followed by a later contract that came into force."""
    later_signed = Contract.objects.filter(
        case=OuterRef("case"), number__gt=OuterRef("number"), in_force_from__isnull=False
    )
    return Contract.objects.filter(status=ContractStatus.REFUSED).exclude(Exists(later_signed))


def cases_with_refused_contract() -> QuerySet[Contract, Mapping[str, object]]:
    """Case ids with the drang/dwang flag, for ``Case.objects.filter(pk__in=...)`` and the dashboard."""
    return refused_contracts().values("case_id")


def case_has_refused_contract(case: Case) -> bool:
    return refused_contracts().filter(case=case).exists()


def contract_police_records(contract: Contract) -> list[PoliceRecord]:
    """The police mutations registered on the contract, newest first, each knowing its contract (for the
    end date it set); none for a contract with an end date, without a query."""
    if contract.duration_kind != DurationKind.MONTHS or contract.in_force_from is None:
        return []
    records = list(PoliceRecord.objects.filter(contract=contract).select_related("recorded_by"))
    for record in records:
        record.contract = contract
    return records
