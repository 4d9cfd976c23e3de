"""About fifty demo cases with their teams, created through the caseplan services only."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from caseplan.models import Case, CaseAccess, CaseRole, CaseStatus, Client, PrioritisedBy
from caseplan.services.cases import PLAN_DEADLINE, case_create
from caseplan.services.clients import client_create
from caseplan.services.team import case_member_add
from deadlines.services.deadlines import deadline_complete_for
from ops.demo.organisations import GEMEENTEN, gemeente_name
from ops.demo.people import Person, person
from privacy.models import Organisation, Purpose, User

SEED = 2026
SMALLER = ["Borne", "Oldenzaal", "Haaksbergen", "Losser", "Rijssen-Holten", "Wierden", "Hellendoorn",
           "Twenterand", "Hof van Twente", "Dinkelland", "Tubbergen"]  # fmt: skip
# (process manager, municipalities, number of cases, the creator's role in the team)
CASELOADS = [
    ("procesmanager@enschede.demo", ["Enschede"], 20, CaseRole.PROCESMANAGER_GEMEENTE),
    ("procesmanager@hengelo.demo", ["Hengelo"], 9, CaseRole.PROCESMANAGER_GEMEENTE),
    ("procesmanager@almelo.demo", ["Almelo"], 8, CaseRole.PROCESMANAGER_GEMEENTE),
    ("procesmanager@vht.demo", SMALLER, 13, CaseRole.PROCESMANAGER_VH),
]
DIMENCE_AREA = {
    "Almelo",
    "Twenterand",
    "Hellendoorn",
    "Rijssen-Holten",
    "Wierden",
    "Tubbergen",
    "Hof van Twente",
}
HOUSING = {"Enschede": "Domijn", "Haaksbergen": "Domijn", "Losser": "Domijn", "Hengelo": "Welbions"}
REASONS = [
    "Aanhoudende overlast in de buurt (geluid, intimidatie van buren); zorgmijdend, vermoedelijk psychotisch.",
    "Meerdere meldingen verward gedrag in drie maanden; dreigende huisuitzetting wegens huurachterstand.",
    "Huiselijk geweld: tijdelijk huisverbod opgelegd, partner en kinderen in beeld bij Veilig Thuis.",
    "Terugkeer uit detentie binnen zes weken zonder woning, inkomen en zorg; eerdere recidive.",
    "Winkeldiefstallen in het centrum (veelpleger); verslaafd aan harddrugs, geen dagbesteding.",
    "Dreigt richting hulpverleners en woningcorporatie; is gestopt met medicatie.",
    "Vervuilde woning met brandgevaar; cliënt houdt de deur dicht voor hulpverlening.",
    "Jongvolwassene betrokken bij drugshandel en intimidatie in de wijk; ouders vragen om hulp.",
    "Problematische schulden, alcoholgebruik en burenruzies; corporatie start ontruimingsprocedure.",
    "Zorgen over suïcidaliteit en agressie na ontslag uit de kliniek; netwerk is overbelast.",
]
APPROACHES = ["Persoonsgerichte aanpak (PGA)", "Top X-aanpak", "Nazorg ex-gedetineerde", "Aanpak verward gedrag",
              "Huiselijk geweld (MDA++)", "Veelplegersaanpak"]  # fmt: skip
CLOSED_REASONS = [
    "Doelen van het maatwerkplan behaald: cliënt woont stabiel en heeft dagbesteding.",
    "Cliënt verhuisd buiten Twente; overgedragen aan het Zorg- en Veiligheidshuis IJsselland.",
    "Langdurige opname; casusregie overgedragen aan de GGZ.",
]
STATUSES = (
    [CaseStatus.AANGEMELD] * 2 + [CaseStatus.ACTIEF] * 6 + [CaseStatus.NAZORG] * 2 + [CaseStatus.AFGESLOTEN]
)
READ, WRITE = CaseAccess.READ, CaseAccess.WRITE


@dataclass
class CaseSpec:
    person: Person
    manager: str
    gemeente: str
    creator_role: str
    fields: dict[str, object]
    # (user email or "org:<name>", role, access)
    team: list[tuple[str, str, str]] = field(default_factory=list)


def _team(rng: random.Random, gemeente: str, status: str) -> list[tuple[str, str, str]]:
    team = []
    if rng.random() < 0.7:
        ggz = "dimence" if gemeente in DIMENCE_AREA else "mediant"
        team.append((f"casuscoordinator@{ggz}.demo", CaseRole.CASUSCOORDINATOR, WRITE))
    if rng.random() < 0.65:
        team.append(("partner@politie.demo", CaseRole.PARTNER, READ if rng.random() < 0.5 else WRITE))
    if rng.random() < 0.35:
        team.append(("partner@reclassering.demo", CaseRole.PARTNER, WRITE))
    if rng.random() < 0.3:
        team.append(("partner@tactus.demo", CaseRole.CASEMANAGER, WRITE))
    if rng.random() < 0.25:
        local = {"Enschede": ["Ons Huis", "Wijkracht"]}.get(gemeente, [])
        org = rng.choice(["Tactus Verslavingszorg", *HOUSING.get(gemeente, "").split(), *local])
        team.append((f"org:{org}", CaseRole.PARTNER, rng.choice([READ, WRITE])))
    if status == CaseStatus.NAZORG:
        team.append((rng.choice(["mmd@pi-almelo.demo", "mmd@pi-zwolle.demo"]), CaseRole.PARTNER, WRITE))
        if gemeente == "Enschede":
            team.append(("nazorg@enschede.demo", CaseRole.CASEMANAGER, WRITE))
    if gemeente == "Enschede":  # the coordinator reads along, so the caseload dashboard has figures
        team.append(("coordinator@enschede.demo", CaseRole.MEELEZER, READ))
    if gemeente == "Enschede" and rng.random() < 0.25:
        team.append(("partner@wijkracht.demo", CaseRole.PARTNER, WRITE))
    if gemeente == "Hengelo" and rng.random() < 0.4:
        team.append(("partner@hengelo.demo", CaseRole.PARTNER, WRITE))
    if HOUSING.get(gemeente) == "Domijn" and rng.random() < 0.2:
        team.append(("partner@domijn.demo", CaseRole.PARTNER, READ))
    return team


def case_specs(today: datetime.date) -> list[CaseSpec]:
    """The same list on every run (fixed seed), so re-running finds the same BSNs and skips them."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not security
    places = {short: (place, postcodes) for short, _cbs, place, postcodes in GEMEENTEN}
    taken: set[str] = set()
    names: set[tuple[str, str]] = set()
    specs = []
    for manager, gemeenten, count, creator_role in CASELOADS:
        for index in range(count):
            gemeente = gemeenten[index % len(gemeenten)]
            status = rng.choice(STATUSES)
            prioritised_on = today - datetime.timedelta(days=rng.randint(5, 700))
            fields: dict[str, object] = {
                "status": status,
                "prioritised_on": prioritised_on,
                "prioritised_by": rng.choice(PrioritisedBy.values),
                "prioritisation_reason": rng.choice(REASONS),
                "high_priority": rng.random() < 0.2,
                "approach": "Nazorg ex-gedetineerde"
                if status == CaseStatus.NAZORG
                else rng.choice(APPROACHES),
            }
            if status == CaseStatus.AFGESLOTEN:
                fields["closed_on"] = min(
                    today, prioritised_on + datetime.timedelta(days=rng.randint(90, 400))
                )
                fields["closed_reason"] = rng.choice(CLOSED_REASONS)
            specs.append(
                CaseSpec(
                    person=person(rng, taken, names, *places[gemeente]),
                    manager=manager,
                    gemeente=gemeente,
                    creator_role=creator_role,
                    fields=fields,
                    team=_team(rng, gemeente, status),
                )
            )
    return specs


PLAN_MADE_AFTER = datetime.timedelta(days=35)


def _plan_made_for_most_older_cases(case: Case, manager: User, bsn: str) -> None:
    """Most cases prioritised long ago have their plan; every fifth is still overdue, for the dashboard."""
    prioritised_on = case.prioritised_on
    if prioritised_on and prioritised_on < timezone.localdate() - PLAN_MADE_AFTER and int(bsn) % 5:
        deadline_complete_for(subject=case, kind=PLAN_DEADLINE, by=manager)


def ensure_cases(users: dict[str, User], organisations: dict[str, Organisation]) -> Counter[str]:
    """Create the cases that are missing; a client (by BSN) that already has a case is left alone."""
    purpose = Purpose.objects.get(code="pga")
    tally: Counter[str] = Counter()
    specs = case_specs(timezone.localdate())
    clients: dict[str, Client] = {}
    known = (
        Client.objects.filter(bsn__in=[s.person.bsn for s in specs]).order_by("pk").prefetch_related("cases")
    )
    for client in known:  # a BSN is not unique: the seeded client is the first one with it
        clients.setdefault(client.bsn, client)
    for spec in specs:
        client = clients.get(spec.person.bsn)
        if client is not None and client.cases.all():
            tally["same"] += 1
            continue
        manager = users[spec.manager]
        with transaction.atomic():
            if client is None:
                client = client_create(by=manager, **spec.person.fields)
            case = case_create(
                client=client,
                gemeente=organisations[gemeente_name(spec.gemeente)],
                purpose=purpose,
                by=manager,
                creator_role=spec.creator_role,
                **spec.fields,
            )
            for who, role, access in spec.team:
                principal = (
                    {"organisation": organisations[who[4:]]}
                    if who.startswith("org:")
                    else {"user": users[who]}
                )
                case_member_add(
                    case=case,
                    by=manager,
                    role=role,
                    access=access,
                    starts_on=spec.fields["prioritised_on"],  # type: ignore[arg-type]
                    **principal,
                )
            _plan_made_for_most_older_cases(case, manager, spec.person.bsn)
            # The case came in when it was prioritised, so the dashboard's inflow chart has a history.
            registered = timezone.make_aware(
                datetime.datetime.combine(case.prioritised_on, datetime.time(10))
            )
            Case.objects.filter(pk=case.pk).update(created_at=registered)
        tally["new"] += 1
    return tally
