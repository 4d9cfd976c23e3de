"""Maatwerkplannen for part of the demo cases: version 1 in force, sometimes a version 2 being written,
and a few domains that should be escalated, so the plan pages and the dashboard have something to show."""

from __future__ import annotations

import datetime

from django.utils import timezone

from caseplan.models import Case, CaseAccess, CaseRole, CaseStatus, PlanTemplate, SanctionOption
from caseplan.selectors.team import team_organisations
from caseplan.services import plans as plan_services
from caseplan.services.team import case_member_add
from privacy.models import Organisation, User

PLANS_FOR = "procesmanager@enschede.demo"
HOW_MANY = 8

DOMAINS = {
    1: (
        "Woont tijdelijk bij zijn zus; de corporatie dreigt met ontbinding na overlastmeldingen.",
        "Handhaven huidige huisvesting",
        "Domijn",
        "Huurafspraken en wekelijks huisbezoek",
    ),
    3: (
        "Schulden van ongeveer € 12.000; post wordt niet geopend.",
        "Inzicht in financiën",
        "Gemeente Enschede",
        "Aanmelden bij schuldhulpverlening",
    ),
    5: (
        "Dagelijks cannabisgebruik, af en toe cocaïne in het weekend.",
        "Gebruik verminderen of stoppen",
        "Tactus Verslavingszorg",
        "Ambulante behandeling",
    ),
    6: (
        "Wisselende stemming; eerder opgenomen geweest.",
        "Adequate behandeling psychische klachten",
        None,
        "",
    ),
}


def _on_team(case: Case, organisation: Organisation, manager: User) -> None:
    """A responsible partner is on the case team: join it as a whole organisation if nobody of it is."""
    if not team_organisations(case.pk).filter(pk=organisation.pk).exists():
        case_member_add(
            case=case, by=manager, organisation=organisation, role=CaseRole.PARTNER, access=CaseAccess.READ
        )


def ensure_plans(users: dict[str, User]) -> int:
    """Make plans for the first cases of the demo process manager that have none; returns how many."""
    manager = users[PLANS_FOR]
    template = PlanTemplate.objects.get(code="maatwerkplan")
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[d[2] for d in DOMAINS.values() if d[2]])
    }
    cases = (
        Case.objects.filter(members__user=manager, members__removed_at__isnull=True, status=CaseStatus.ACTIEF)
        .exclude(plans__isnull=False)
        .order_by("reference")[:HOW_MANY]
    )
    made = 0
    for index, case in enumerate(cases):
        draft = plan_services.plan_create(case=case, template=template, by=manager)
        for domain in draft.domains.filter(number__in=DOMAINS):
            situation, goal, organisation, intervention = DOMAINS[domain.number]
            plan_services.domain_update(
                domain=domain, by=manager, expected_revision=1, current_situation=situation
            )
            plan_services.goal_save(
                domain=domain,
                by=manager,
                kind="einddoel",
                text=goal,
                target_date=timezone.localdate() + datetime.timedelta(days=120),
            )
            if organisation and organisation in organisations and (index % 3 or domain.number != 1):
                _on_team(case, organisations[organisation], manager)
                plan_services.intervention_save(
                    domain=domain,
                    by=manager,
                    description=intervention,
                    responsible_organisation=organisations[organisation],
                )
        plan_services.sanction_add(
            version=draft,
            by=manager,
            option=SanctionOption.objects.get(number=4),
            text="Geen contact met de ex-partner",
        )
        plan_services.version_publish(
            version=draft,
            by=manager,
            evaluation_date=timezone.localdate() + datetime.timedelta(days=30 + 15 * index),
        )
        if index % 4 == 0:
            plan_services.version_start_next(plan=draft.plan, by=manager)
        made += 1
    return made
