"""The PDF of a signed gedragscontract, in the layout of seed 000 ("Gedragscontract 1/2"): title, the
parties, the intent, the twelve articles with their variable parts filled in, the signature block (the
signatory for the gemeentepartners, named with the organisations signed for, and the client), and as an
annex the plan's agreements the contract calls *onderdeel van dit contract*: per leefgebied the goals,
interventions, the client's actions and drang en dwang, and the voorwaardelijke sancties.

It is rendered once, when the client's signature puts the contract in force (caseplan/services/
contracts.py); the stored bytes are what partners print from then on. The one PDF renderer (common/pdf.py)
lays it out: static stylesheets only, and the drawn signature embedded as a ``data:`` image URL."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caseplan.models import CaseMember, Contract, DurationKind, PlanVersion, SignatureMethod
from caseplan.selectors.cases import current_team
from caseplan.selectors.plans import version_queryset
from caseplan.services.plan_pdf import domain_blocks, sanction_views
from common.pdf import date_text, pdf_language, render_html, render_pdf
from privacy.models import User

TEMPLATE = "caseplan/contract/pdf.html"


@dataclass
class Article:
    number: int
    heading: str  # the seed's margin heading, on the first article of a group
    paragraphs: list[str]
    items: list[str]


def duration_text(contract: Contract) -> str:
    """The chosen variant of art. 9, in the seed's words."""
    if contract.duration_kind == DurationKind.END_DATE:
        return _("De overeenkomst eindigt op %(date)s.") % {"date": date_text(contract.end_date)}
    months = contract.months_without_mutations or 0
    return ngettext(
        "De overeenkomst eindigt zodra de cliënt %(months)d maand niet meer in verband met criminaliteit "
        "of overlast in (politie)mutaties voorkomt.",
        "De overeenkomst eindigt zodra de cliënt %(months)d maanden niet meer in verband met criminaliteit "
        "of overlast in (politie)mutaties voorkomt.",
        months,
    ) % {"months": months}


def _end_condition(contract: Contract) -> str:
    """The last item of art. 10's list, so it ends with a full stop."""
    if contract.duration_kind == DurationKind.END_DATE:
        return _("de duur van de overeenkomst is verlopen (%(date)s).") % {
            "date": date_text(contract.end_date)
        }
    months = contract.months_without_mutations or 0
    return ngettext(
        "de cliënt %(months)d maand niet meer in verband met criminaliteit of overlast in (politie)mutaties "
        "voorkomt.",
        "de cliënt %(months)d maanden niet meer in verband met criminaliteit of overlast in (politie)mutaties "
        "voorkomt.",
        months,
    ) % {"months": months}


def articles(contract: Contract) -> list[Article]:
    """The twelve articles of seed 000 with art. 7, 9 and 10 filled in for this contract."""
    return [
        Article(
            1,
            _("Wenselijk gedrag"),
            [
                _(
                    "De cliënt doet mee aan alle in het maatwerkplan genoemde zorgtrajecten. De cliënt werkt "
                    "mee aan alle opdrachten die bij het zorgtraject behoren of gaan behoren."
                )
            ],
            [],
        ),
        Article(2, "", [_("De cliënt pleegt geen strafbare feiten en veroorzaakt geen overlast.")], []),
        Article(
            3,
            "",
            [_("De cliënt houdt zich aan alle afspraken zoals deze in het maatwerkplan staan beschreven.")],
            [],
        ),
        Article(
            4,
            _("Zorgaanbod"),
            [
                _(
                    "De gemeentepartners zorgen dat de cliënt alle zorgtrajecten en begeleiding krijgt, zoals "
                    "deze in het maatwerkplan staan beschreven."
                )
            ],
            [],
        ),
        Article(
            5,
            "",
            [
                _(
                    "De aangeboden zorg is gericht op het bieden van hulp in het veranderen van het gedrag van "
                    "de cliënt om herhaling van het veroorzaken van overlast of het plegen van strafbare "
                    "feiten te voorkomen."
                )
            ],
            [],
        ),
        Article(
            6,
            "",
            [
                _(
                    "Als de gemeentepartners vinden dat het contract gewijzigd moet worden dan kan dit alleen "
                    "na bespreking met de cliënt en instemming van de casemanager."
                )
            ],
            [],
        ),
        Article(
            7,
            _("Casemanager"),
            [
                _("De gemeentepartners benoemen %(name)s van %(organisation)s als casemanager.")
                % {"name": contract.casemanager_name, "organisation": contract.casemanager_organisation}
            ],
            [],
        ),
        Article(
            8,
            _("Gevolgen niet-nakoming"),
            [
                _(
                    "Als de cliënt zich niet houdt aan de verplichtingen van artikel 1, 2 en 3, dan kunnen de "
                    "gemeentepartners er voor kiezen het plan van aanpak niet uit te voeren, of voorlopig uit "
                    "te stellen of andere afspraken maken over de gevolgen van het niet nakomen van de "
                    "afspraken door de cliënt."
                )
            ],
            [],
        ),
        Article(
            9,
            _("Duur contract"),
            [
                _("De overeenkomst treedt in werking vanaf het moment van ondertekening."),
                duration_text(contract),
            ],
            [],
        ),
        Article(
            10,
            _("Beëindiging contract"),
            [_("Het contract kan worden beëindigd als:")],
            [_("beide ondertekenaars dit afspreken; of"), _end_condition(contract)],
        ),
        Article(
            11,
            "",
            [
                _(
                    "Het plegen van strafbare feiten en het veroorzaken van overlast (artikel 2) zou kunnen "
                    "leiden tot het ontbinden van dit contract. Het aantonen van een strafbaar feit en/of het "
                    "veroorzaken van overlast gebeurt op basis van de feiten in een proces-verbaal van de "
                    "politie."
                )
            ],
            [],
        ),
        Article(
            12,
            "",
            [
                _(
                    "De cliënt krijgt een maatwerkplan waarin precies staat wat van de cliënt verwacht wordt "
                    "(artikel 1 en 3) en op welk moment. Als de cliënt de afspraken niet op het moment heeft "
                    "nagekomen zoals afgesproken dan kunnen de gemeentepartners het contract opzeggen."
                )
            ],
            [],
        ),
    ]


def _signature_image(contract: Contract, signature_png: bytes | None) -> str:
    """The drawn signature as a data: URI (read from storage when not passed in); empty for a scan."""
    if contract.signature_method != SignatureMethod.DRAWN:
        return ""
    if signature_png is None and contract.signature_file:
        with contract.signature_file.open("rb") as handle:
            signature_png = handle.read()
    if not signature_png:
        return ""
    return "data:image/png;base64," + base64.b64encode(signature_png).decode("ascii")


def gemeentepartners(contract: Contract, team: list[CaseMember]) -> list[str]:
    """The organisations the contract is signed for: the gemeente first, then the organisations of the case
    team on the day the contract is put in force (people count through their organisation), each once."""
    names = [contract.gemeente_name]
    for member in team:
        person = member.user
        organisation = member.organisation or (person.organisation if person is not None else None)
        if organisation is not None and organisation.name not in names:
            names.append(organisation.name)
    return names


def _recorded_by(user: User | None) -> str:
    if user is None:
        return ""
    organisation = user.organisation.name if user.organisation else ""
    return f"{user}, {organisation}" if organisation else str(user)


def build_context(contract: Contract, *, signature_png: bytes | None = None) -> dict[str, Any]:
    version = _annex_version(contract)
    replaces = contract.replaces
    blocks = domain_blocks(version)
    return {
        "contract": contract,
        "case": contract.case,
        "plan_name": version.plan.template.name,
        "plan_number": version.number,
        "plan_date": date_text(version.version_date),
        "annex_domains": [block for block in blocks if block.has_agreements],
        "annex_sanctions": sanction_views(version),
        "partners": gemeentepartners(contract, current_team(contract.case)),
        "partners_recorded_by": _recorded_by(contract.partners_recorded_by),
        "replaces_number": replaces.number if replaces else None,
        "discussed_on": date_text(contract.discussed_with_client_on),
        "articles": articles(contract),
        "duration_text": duration_text(contract),
        "contract_date": date_text(contract.contract_date),
        "partners_signed_on": date_text(contract.partners_signed_on),
        "client_signed_on": date_text(contract.client_signed_on),
        "in_force_from": date_text(contract.in_force_from),
        "signature_image": _signature_image(contract, signature_png),
        "is_scan": contract.signature_method == SignatureMethod.SCAN,
        "generated_at": timezone.localtime(),
    }


def _annex_version(contract: Contract) -> PlanVersion:
    """The plan version the contract belongs to, with its leefgebieden, goals, interventions and sanctions."""
    return version_queryset().get(pk=contract.plan_version_id)


def render_contract_html(contract: Contract, *, signature_png: bytes | None = None) -> str:
    with pdf_language():
        return render_html(TEMPLATE, build_context(contract, signature_png=signature_png))


def render_contract_pdf(contract: Contract, *, signature_png: bytes | None = None) -> bytes:
    """The PDF as bytes; nothing is stored here (the signing service stores and hashes them)."""
    with pdf_language():
        context = build_context(contract, signature_png=signature_png)
    return render_pdf(TEMPLATE, context)
