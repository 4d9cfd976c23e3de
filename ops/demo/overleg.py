"""Casusoverleg demo: a weekly PGA case meeting in Twente at the Zorg- en Veiligheidshuis, on Tuesdays at
10:00: four meetings held (agenda, minutes, actions as deadlines) and the next one planned. Created through
the overleg services only; left alone when the series exists."""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone

from caseplan.access import cases_writable_by
from caseplan.models import Case, CaseStatus
from overleg.models import Meeting, MeetingStatus, MeetingType
from overleg.services.agenda import agenda_add
from overleg.services.meetings import meeting_schedule, meeting_update
from overleg.services.minutes import action_add, item_minutes_save
from privacy.models import Organisation, User

SERIES = "Casusoverleg PGA Twente"
LOCATION = "Zorg- en Veiligheidshuis Twente, Hengelo"
CHAIR = "procesmanager@vht.demo"
MINUTE_TAKER = "procesmanager@enschede.demo"
PERSONS = [
    "procesmanager@hengelo.demo",
    "procesmanager@almelo.demo",
    "casuscoordinator@mediant.demo",
    "partner@politie.demo",
    "partner@reclassering.demo",
]
ORGANISATIONS = ["Tactus Verslavingszorg"]  # attends as a whole
HELD = 4
CASES_PER_MEETING = 3
SITUATIONS = [
    "Woont sinds kort in een begeleide woonvorm; overlast in de wijk is afgenomen.",
    "Is gestopt met medicatie; familie maakt zich zorgen, twee meldingen van verward gedrag.",
    "Schuldhulp is gestart; de corporatie schort de ontruiming op zolang de afspraken lopen.",
    "Heeft de afspraken met de reclassering gemist; dreigend richting de wijkagent.",
    "Dagbesteding loopt; urinecontroles schoon. Steun van het netwerk houdt stand.",
    "Weer in beeld bij de politie na een winkeldiefstal; geen vaste verblijfplaats.",
]
DECISIONS = [
    "Casusregisseur plant een huisbezoek met de wijkagent.",
    "Reclassering vraagt een aangepast toezicht aan; de procesmanager informeert het OM.",
    "Volgende bespreking over vier weken, eerder bij nieuwe signalen.",
]
ACTIONS = ["Huisbezoek afleggen", "Terugkoppeling aan het netwerk", "Aanmelding schuldhulp controleren"]


def _tuesday(today: datetime.date, weeks_from_now: int) -> datetime.datetime:
    next_tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    day = next_tuesday + datetime.timedelta(weeks=weeks_from_now)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _cases_for(users: list[User]) -> list[tuple[Case, User]]:
    """Open cases one of these attendees may put on the agenda (a write member of the team)."""
    found: dict[int, tuple[Case, User]] = {}
    for user in users:
        for case in cases_writable_by(user).exclude(status=CaseStatus.AFGESLOTEN).order_by("pk")[:8]:
            found.setdefault(case.pk, (case, user))
    return list(found.values())


def ensure_overleg(users: dict[str, User], organisations: dict[str, Organisation]) -> Counter[str]:
    tally: Counter[str] = Counter()
    if Meeting.objects.filter(title=SERIES).exists():
        tally["same"] += 1
        return tally
    pga = MeetingType.objects.get(code="pga")
    chair, minute_taker = users[CHAIR], users[MINUTE_TAKER]
    persons = [users[email] for email in PERSONS]
    cases = _cases_for([chair, minute_taker, *persons])
    today = timezone.localdate()
    for index, weeks in enumerate(range(-HELD, 1)):
        meeting = meeting_schedule(
            meeting_type=pga,
            starts_at=_tuesday(today, weeks),
            chair=chair,
            minute_taker=minute_taker,
            by=chair,
            title=SERIES,
            location=LOCATION,
            organisations=[organisations[name] for name in ORGANISATIONS],
            persons=persons,
        )
        agenda = [cases[(index * CASES_PER_MEETING + n) % len(cases)] for n in range(CASES_PER_MEETING)]
        items = [
            (agenda_add(meeting=meeting, case=case, by=by, reason="Vaste bespreking"), by)
            for case, by in agenda
        ]
        tally["new"] += 1
        if weeks >= 0:
            continue  # the next meeting: planned, not held yet
        for number, (item, by) in enumerate(items):
            discussed = number < CASES_PER_MEETING - 1 or index % 2 == 0  # now and then one is left over
            item = item_minutes_save(
                item=item,
                by=by,
                expected_revision=item.revision,
                discussed=discussed,
                situation=SITUATIONS[(index + number) % len(SITUATIONS)] if discussed else "",
                decisions=DECISIONS[(index + number) % len(DECISIONS)] if discussed else "",
            )
            if discussed and number == 0:
                action_add(
                    item=item,
                    by=by,
                    description=ACTIONS[index % len(ACTIONS)],
                    due_on=timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=14),
                    owner_user=by,
                )
        meeting_update(
            meeting=meeting, by=chair, expected_revision=meeting.revision, status=MeetingStatus.HELD
        )
    return tally
