"""CO24dak demo: the Twente back office serves every Twente municipality; three cases are enrolled, with
callers, a two-week journal and one tipping point that fired."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from caseplan.models import Case, CaseAccess, CaseMember, CaseRole, CaseStatus
from caseplan.services.team import case_member_add
from co24.models import BackOfficeService, Caller, Enrolment
from co24.services.callers import caller_save
from co24.services.checklists import active_checklist
from co24.services.enrolment import co24_enrol
from co24.services.signals import signal_record
from ops.demo.organisations import GEMEENTEN, gemeente_name
from privacy.models import Organisation, User

BACKOFFICE = "CO24dak back office Twente"
REGISSEUR = "casuscoordinator@mediant.demo"
OPERATOR = "backoffice@co24.demo"
ENROLLED = 3

# (days ago, hour, caller index or None, account, {item text start: answer}, medical)
JOURNAL: list[tuple[int, int, int | None, str, dict[str, str], bool]] = [
    (
        13,
        10,
        0,
        "Huisbezoek: laat me binnen, wil niet over problemen praten. Woning en zelfzorg in orde.",
        {"Zorgt voor zichzelf": "ja", "Gedragsverandering": "nee"},
        False,
    ),
    (
        11,
        16,
        1,
        "Zus belt: hij neemt de telefoon niet op, was zondag wel bij haar eten.",
        {"Contact met familie": "ja"},
        False,
    ),
    (
        8,
        21,
        None,
        "Buurman (niet op de lijst) belt: harde muziek tot 02:00, geschreeuw.",
        {"Overlast voor buren": "ja"},
        False,
    ),
    (
        6,
        11,
        0,
        "Eet weinig en valt af, zegt dat 'de ratten' hem beïnvloeden. Medicatie gestopt volgens eigen zeggen.",
        {"Gedragsverandering": "ja", "Medicatie niet ingenomen": "ja"},
        True,
    ),
    (
        3,
        9,
        0,
        "Afspraak bij de POH gemist, deur niet opengedaan.",
        {"Afspraak met hulpverlening gemist": "ja"},
        False,
    ),
]


def _callers(case: Case, users: dict[str, User], organisations: dict[str, Organisation]) -> list[Caller]:
    by = users[REGISSEUR]
    if case.co24_callers.exists():
        return list(case.co24_callers.order_by("id"))
    return [
        caller_save(
            case=case,
            by=by,
            name="Dhr. Dubbel",
            kind="professional",
            organisation=organisations["Mediant GGZ"],
            relation="Ambulant begeleider (wekelijks huisbezoek)",
            phone="053-4825555",
            reports="Zelfzorg, woning, medicatie",
            agreements="Belt na elk huisbezoek; bij agressie direct 112.",
        ),
        caller_save(
            case=case,
            by=by,
            name="Ria (zus)",
            kind="netwerk",
            relation="Zus",
            phone="06-12345678",
            reports="Contact in het weekend",
            agreements="Mag altijd bellen; krijgt geen informatie terug.",
        ),
    ]


def ensure_co24(users: dict[str, User], organisations: dict[str, Organisation]) -> Counter[str]:
    tally: Counter[str] = Counter()
    backoffice = organisations[BACKOFFICE]
    for short, *_rest in GEMEENTEN:
        BackOfficeService.objects.get_or_create(
            backoffice=backoffice, gemeente=organisations[gemeente_name(short)]
        )
    already = Enrolment.objects.filter(backoffice=backoffice).count()
    if already >= ENROLLED:
        tally["same"] += already
        return tally
    cases = Case.objects.filter(co24__isnull=True, status=CaseStatus.ACTIEF).order_by("id")[
        : ENROLLED - already
    ]
    now = timezone.now()
    for case in cases:
        manager = CaseMember.objects.filter(
            case=case, role=CaseRole.PROCESMANAGER_GEMEENTE, user__isnull=False
        ).first()
        by = manager.user if manager else users[REGISSEUR]
        with transaction.atomic():
            if not CaseMember.objects.filter(
                case=case, user=users[REGISSEUR], removed_at__isnull=True
            ).exists():
                case_member_add(
                    case=case,
                    by=by,
                    user=users[REGISSEUR],
                    role=CaseRole.CASUSCOORDINATOR,
                    access=CaseAccess.WRITE,
                )
            co24_enrol(case=case, backoffice=backoffice, by=by)
            callers = _callers(case, users, organisations)
            checklist = active_checklist(case)
            items = list(checklist.items.all()) if checklist else []
            for days, hour, caller_index, account, answers, medical in JOURNAL:
                resolved = {
                    item.pk: answer
                    for start, answer in answers.items()
                    for item in items
                    if item.text.startswith(start)
                }
                received = (now - datetime.timedelta(days=days)).replace(hour=hour, minute=12)
                signal_record(
                    case=case,
                    by=users[OPERATOR],
                    account=account,
                    received_at=min(received, now),
                    caller=callers[caller_index] if caller_index is not None else None,
                    caller_name="" if caller_index is not None else "Buurman (anoniem)",
                    caller_relation="" if caller_index is not None else "buurman",
                    medical=medical,
                    answers=resolved,
                    backoffice_id=backoffice.pk,
                )
        tally["new"] += 1
    return tally
