"""The meeting types of the model privacy covenant (seed 003, annex "Overzicht overleggen en bijbehorende
doeleinden") with their purposes and participating parties, plus the PGA casusoverleg (top-X) itself; and
the deadline rule that turns an action from a meeting into a deadline.

The covenant's parties are mapped onto organisation kinds (privacy.OrganisationType):
- Gemeente (leerplichtambtenaar, nazorg, aanpak overlast, hulpverlening) -> gemeente;
- Dienst Justitiële Inrichtingen -> pi; Justitiële Jeugdinrichting -> jji;
- Reclasseringsinstelling, Stichting Reclassering Nederland -> reclassering;
- Instituut Maatschappelijk Werk -> maatschappelijk_werk;
- Bureau Jeugdzorg -> jeugdbescherming; its AMK and the ASHG (now together Veilig Thuis) -> veilig_thuis;
- Bureau Halt -> halt; Raad voor de Kinderbescherming -> rvdk;
- Vrouwenopvang -> opvang; Stichting Slachtofferhulp -> slachtofferhulp.
"Agendalid" parties (they join for the cases that concern them) are admitted like the others: the agenda
item's content is shown only to the case team anyway. The Zorg- en Veiligheidshuis, which runs every
meeting (the covenant's Beheerder), is admitted to all of them. The networks of part C of the annex
(buurtregie, zorgadviesteams, netwerk jeugdhulpverlening) are not case meetings of the Veiligheidshuis and
are left out; a functional administrator can add them in the admin."""

from django.db import migrations

ANNEX = "Seed 003, model privacyconvenant, bijlage 'Overzicht overleggen en bijbehorende doeleinden'"

# New purposes (doelbinding per meeting type); the others exist since privacy 0002.
PURPOSES = [
    (
        "jeugd-justitieel",
        "Justitieel casusoverleg jeugd (JCO)",
        "Een passende reactie op een strafbaar feit waarvan een jongere verdacht wordt of slachtoffer of "
        "getuige is; een betere afdoeningsbeslissing van de officier van justitie doordat de ketenpartners "
        "hun informatie bijeenbrengen; kortere doorlooptijden; ondersteuning en hulp om afglijden naar een "
        "criminele carrière te voorkomen; aansluiting van opsporing, vervolging, detentie, nazorg en "
        "hulpverlening.",
        ANNEX,
    ),
    (
        "jeugd-scenario",
        "Scenario-overleg jeugd (SOJ): harde kern en jeugdige veelplegers",
        "Een passende reactie op strafbare feiten van jongeren van 12 tot 18 jaar; een betere "
        "afdoeningsbeslissing; handhaving van de openbare orde en zo min mogelijk overlast; aansluiting van "
        "opsporing tot hulpverlening; een scenario-advies over een verblijfsontzegging.",
        ANNEX,
    ),
    (
        "veelplegers",
        "Veelplegers justitieel",
        "Aansluiting van opsporing, vervolging, detentie, nazorg en hulpverlening voor een veelpleger; "
        "handhaving van de openbare orde en zo min mogelijk overlast; de criminele carrière in een dossier "
        "zodat de rechter een weloverwogen strafmaat kan kiezen.",
        ANNEX,
    ),
]

ZVH = "veiligheidshuis"

MEETING_TYPES = [
    {
        "code": "pga",
        "name": "Casusoverleg persoonsgerichte aanpak (top-X)",
        "abbreviation": "PGA",
        "purpose": "pga",
        "target_group": "Personen met complexe problematiek op meerdere leefgebieden die overlast of "
        "criminaliteit veroorzaken (top-X van de gemeente).",
        "organisation_types": [
            "gemeente", ZVH, "ggz", "politie", "om", "reclassering", "pi", "woningcorporatie",
            "verslavingszorg", "maatschappelijk_werk",
        ],
        "parties": "Gemeente; Zorg- en Veiligheidshuis; GGZ; Politie; Openbaar Ministerie; Reclassering; "
        "Dienst Justitiële Inrichtingen; Woningcorporatie; Verslavingszorg; Maatschappelijk werk "
        "(persoonsgerichte aanpak, seeds 000 en 001).",
    },
    {
        "code": "jco",
        "name": "Justitieel casusoverleg jeugd",
        "abbreviation": "JCO",
        "purpose": "jeugd-justitieel",
        "target_group": "Overleg in strafrechtelijk kader over jeugdigen van 0 tot 18 jaar.",
        "organisation_types": ["politie", "rvdk", "om", "gemeente", "jeugdbescherming", "halt", ZVH],
        "parties": "Politie; Raad voor de Kinderbescherming; Openbaar Ministerie; Gemeente - "
        "leerplichtambtenaar; Bureau Jeugdzorg; Bureau Halt.",
    },
    {
        "code": "hco",
        "name": "Hulpverleningscasusoverleg",
        "abbreviation": "HCO",
        "purpose": "zorg",
        "target_group": "Overleg in hulpverleningskader over jeugdigen van 0 tot 18 jaar.",
        "organisation_types": [
            "politie", "om", "gemeente", "jeugdbescherming", "maatschappelijk_werk", "rvdk", ZVH,
        ],
        "parties": "Politie; Openbaar Ministerie; Gemeente - leerplichtambtenaar; Gemeente - i.h.k.v. "
        "nazorg; Bureau Jeugdzorg; Instituut Maatschappelijk Werk; Raad voor de Kinderbescherming "
        "(agendalid).",
    },
    {
        "code": "soj",
        "name": "Scenario-overleg jeugd",
        "abbreviation": "SOJ",
        "purpose": "jeugd-scenario",
        "target_group": "Harde-kernjongeren en jeugdige veelplegers van 12 tot 18 jaar.",
        "organisation_types": ["politie", "rvdk", "om", "gemeente", "jeugdbescherming", "jji", ZVH],
        "parties": "Politie; Raad voor de Kinderbescherming; Openbaar Ministerie; Gemeente - i.h.k.v. "
        "aanpak overlast; Bureau Jeugdzorg; Justitiële Jeugdinrichting.",
    },
    {
        "code": "veelplegers",
        "name": "Veelplegersoverleg justitieel",
        "abbreviation": "VPO",
        "purpose": "veelplegers",
        "target_group": "Veelplegers, zeer actieve veelplegers en stelselmatige daders (ISD) van 18 jaar en "
        "ouder.",
        "organisation_types": ["politie", "om", "pi", "reclassering", "gemeente", ZVH],
        "parties": "Politie; Openbaar Ministerie; Dienst Justitiële Inrichtingen; Reclasseringsinstelling; "
        "Gemeente - i.h.k.v. aanpak overlast (agendalid).",
    },
    {
        "code": "veelplegers-nazorg",
        "name": "Veelplegers nazorg",
        "abbreviation": "VPN",
        "purpose": "nazorg",
        "target_group": "Veelplegers van 18 jaar en ouder, bij terugkeer uit detentie.",
        "organisation_types": [
            "politie", "pi", "gemeente", "reclassering", "ggz", "maatschappelijk_werk", ZVH,
        ],
        "parties": "Politie; Dienst Justitiële Inrichtingen; Gemeente - i.h.k.v. hulpverlening; "
        "Reclasseringsinstelling; GGZ; Instituut Maatschappelijk Werk.",
    },
    {
        "code": "huiselijk-geweld",
        "name": "Casusoverleg huiselijk geweld",
        "abbreviation": "HG",
        "purpose": "huiselijk-geweld",
        "target_group": "Daders, slachtoffers en kinderen die betrokken zijn bij huiselijk geweld.",
        "organisation_types": [
            "politie", "om", "reclassering", "ggz", "jeugdbescherming", "veilig_thuis",
            "maatschappelijk_werk", "opvang", "slachtofferhulp", ZVH,
        ],
        "parties": "Politie; Openbaar Ministerie; Stichting Reclassering Nederland; Reclassering; GGZ; "
        "Bureau Jeugdzorg (AMK); Instituut Maatschappelijk Werk; Vrouwenopvang; ASHG (advies- en "
        "steunpunt huiselijk geweld); Stichting Slachtofferhulp.",
    },
]

ACTION_RULE = {
    "code": "overleg-actie",
    "name": "Actie uit casusoverleg",
    # the due date is agreed in the meeting: it is the anchor itself
    "amount": 0,
    "unit": "kalenderdagen",
    "direction": "na",
    "due_soon_days": 2,
    "source": "Casusoverleg: actie met eigenaar en datum",
}


def seed(apps, schema_editor):
    Purpose = apps.get_model("privacy", "Purpose")
    MeetingType = apps.get_model("overleg", "MeetingType")
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, name, description, legal_ground in PURPOSES:
        Purpose.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "legal_ground": legal_ground}
        )
    for row in MEETING_TYPES:
        values = dict(row)
        code = values.pop("code")
        values["purpose"] = Purpose.objects.get(code=values["purpose"])
        MeetingType.objects.update_or_create(code=code, defaults=values)
    DeadlineRule.objects.update_or_create(
        code=ACTION_RULE["code"], defaults={k: v for k, v in ACTION_RULE.items() if k != "code"}
    )


def unseed(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    if not Deadline.objects.filter(rule__code=ACTION_RULE["code"]).exists():
        DeadlineRule.objects.filter(code=ACTION_RULE["code"]).delete()
    apps.get_model("overleg", "MeetingType").objects.all().delete()
    Purpose = apps.get_model("privacy", "Purpose")
    Case = apps.get_model("caseplan", "Case")
    for code, *_rest in PURPOSES:
        if not Case.objects.filter(purpose__code=code).exists():
            Purpose.objects.filter(code=code).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("overleg", "0001_initial"),
        ("privacy", "0002_purposes"),
        ("deadlines", "0002_calendar_and_rules"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
