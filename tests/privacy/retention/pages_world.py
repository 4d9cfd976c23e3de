"""The cast of the privacy officer's retention pages, on the test world (tests/world.py): two privacy
officers of the Veiligheidshuis (the second is also the controller's second reviewer), a functional
administrator (who manages the rules in beheer but reaches none of these pages), and lists made directly
as rows (the proposal itself is tested with the services)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.contrib.auth.models import Permission

from caseplan.models import Case, CaseStatus
from privacy.models import (
    DestructionItem,
    DestructionList,
    Function,
    ListOrigin,
    OrganisationType,
    RetentionRule,
    User,
)
from tests.world import World

_NUMBERS = itertools.count(1)
SECOND_REVIEW = "second_review_destruction"


@dataclass
class RetentionCast:
    officer: User  # privacy officer
    second: User  # privacy officer and the controller's second reviewer
    beheerder: User  # functional administrator (staff)


def cast(world: World) -> RetentionCast:
    """The privacy officers and the functional administrator of this world, made once."""
    if not hasattr(world, "_retention_cast"):
        veiligheidshuis = world.organisation(
            "Zorg- en Veiligheidshuis Twente", type=OrganisationType.VEILIGHEIDSHUIS
        )
        officer = world.person(
            "privacy@vht.test",
            veiligheidshuis,
            first_name="Monique",
            last_name="Haverkamp",
            function=Function.PRIVACY_OFFICER,
        )
        second = world.person(
            "fg@vht.test",
            veiligheidshuis,
            first_name="Frank",
            last_name="Geerts",
            function=Function.PRIVACY_OFFICER,
        )
        second.user_permissions.add(Permission.objects.get(codename=SECOND_REVIEW))
        beheerder = world.person(
            "beheer@vht.test",
            veiligheidshuis,
            first_name="Bea",
            last_name="Heer",
            function=Function.FUNCTIONEEL_BEHEERDER,
            is_staff=True,
        )
        world._retention_cast = RetentionCast(officer, second, beheerder)  # type: ignore[attr-defined]
    return world._retention_cast  # type: ignore[attr-defined]


def close_long_ago(*cases: Case, years: int = 6) -> None:
    """Close the cases so long ago that their dossiers' terms have passed."""
    closed = datetime.date.today().replace(year=datetime.date.today().year - years)
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(
        status=CaseStatus.AFGESLOTEN, closed_on=closed
    )


def dossier_item(destruction_list: DestructionList, case: Case) -> DestructionItem:
    """An item for the case's client dossier (rule case_dossier: second review required)."""
    anchor = datetime.date(2019, 3, 1)
    return DestructionItem.objects.create(
        destruction_list=destruction_list,
        kind="case_dossier",
        rule=RetentionRule.objects.get(code="case_dossier"),
        root_key=str(case.client_id),
        root_id=case.client_id,
        client_id=case.client_id,
        reference=case.reference,
        anchor_date=anchor,
        expired_on=anchor.replace(year=2024),
    )


def month_items(
    destruction_list: DestructionList, count: int, kind: str = "notifications"
) -> list[DestructionItem]:
    """``count`` months of a period kind (no client data; no second review)."""
    rule = RetentionRule.objects.get(code=kind)
    items = []
    for index in range(count):
        year, month = 2010 + index // 12, index % 12 + 1
        key = f"{year:04d}-{month:02d}"
        anchor = datetime.date(year, month, 28)
        items.append(
            DestructionItem(
                destruction_list=destruction_list,
                kind=kind,
                rule=rule,
                root_key=key,
                reference=key,
                anchor_date=anchor,
                expired_on=anchor.replace(year=year + 1),
            )
        )
    return DestructionItem.objects.bulk_create(items)


def proposed_list(
    world: World | None = None, *, months: int = 0, origin: str = ListOrigin.PERIODIC
) -> DestructionList:
    """A proposed list: the world's client dossier (when a world is given) and ``months`` months of
    notifications."""
    destruction_list = DestructionList.objects.create(number=f"VV-2099-{next(_NUMBERS):04d}", origin=origin)
    if world is not None:
        dossier_item(destruction_list, world.case)
    month_items(destruction_list, months)
    destruction_list.items_total = destruction_list.items.count()
    destruction_list.save(update_fields=["items_total"])
    return destruction_list
