"""A gedragscontract on the world's case, signed for the partners and waiting for the client."""

from __future__ import annotations

import datetime

from caseplan.models import Contract, PlanTemplate
from caseplan.services.contracts import contract_prepare, contract_sign_partners
from caseplan.services.plans import plan_create, version_publish
from tests.conftest import World


def partners_signed_contract(world: World, signed_on: datetime.date | None = None) -> Contract:
    signed_on = signed_on or datetime.date.today()
    draft = plan_create(
        case=world.case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=world.owner
    )
    version = version_publish(version=draft, by=world.owner, evaluation_date=None)
    prepared = contract_prepare(
        plan_version=version,
        by=world.owner,
        casemanager_name="Anouk de Vries",
        casemanager_organisation="Tactus",
        partner_signatory_name="B. Bakker",
        duration_kind="maanden",
        months_without_mutations=6,
        place="Enschede",
        contract_date=signed_on,
    )
    return contract_sign_partners(contract=prepared, by=world.owner, signed_on=signed_on)
