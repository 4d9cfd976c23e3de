"""The PDF of one maatwerkplan version: build the context and hand the template to the one PDF renderer
(common/pdf.py: static files only, tagged, time-bounded), which returns the bytes.

The caller may pass a ``progress`` callback that receives a percentage (0-100) as the work advances.

``render_version_pdf`` is the one entry point: the Celery task calls it through the service, and the
benchmark can time it directly."""

from __future__ import annotations

import base64
import mimetypes
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.models import Case, Client, DomainKind, GoalKind, PlanDomain, PlanVersion
from caseplan.plan_selectors import domain_flag, section_rows, version_queryset
from common.model_fields import concrete_field
from common.pdf import ProgressCallback, date_text, pdf_language, render_html, render_pdf

TEMPLATE = "caseplan/plan/pdf.html"


@dataclass
class Row:
    label: str
    value: str = ""
    image: str = ""  # a data: URI, shown instead of the value


@dataclass
class DomainBlock:
    domain: PlanDomain
    rows_before: list[Row]
    goal_groups: list[tuple[str, list[dict[str, str]]]]
    interventions: list[dict[str, str]]
    rows_after: list[Row]
    flag_text: str = ""


@dataclass
class PdfSection:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    help: str = ""


def _yes_no(value: bool) -> str:
    return _("ja") if value else _("nee")


def _label(model: type[Model], name: str) -> str:
    label = str(concrete_field(model, name).verbose_name)
    return label[:1].upper() + label[1:]


def _photo_row(client: Client) -> Row:
    """The client's photo as a data: URI, read through the default storage (no URL is fetched)."""
    row = Row(_("Foto"))
    if not client.foto:
        return row
    try:
        with client.foto.open("rb") as handle:
            data = handle.read()
    except OSError:
        row.value = _("foto niet beschikbaar")
        return row
    mime = mimetypes.guess_type(client.foto.name)[0] or "image/jpeg"
    row.image = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return row


def client_rows(client: Client) -> list[Row]:
    """'Gegevens cliënt' in the order of the seed; every field of the Client model appears here."""
    birth = date_text(client.geboortedatum)
    if client.geboorteplaats:
        place = _("te %(place)s") % {"place": client.geboorteplaats}
        birth = f"{birth}, {place}" if birth else place
    benefit = client.uitkering_soort
    if client.uitkering_sinds:
        since = _("sinds %(date)s") % {"date": date_text(client.uitkering_sinds)}
        benefit = f"{benefit}, {since}" if benefit else since
    partner = ", ".join(
        part
        for part in (
            client.partner_naam,
            _("geboren %(date)s") % {"date": date_text(client.partner_geboortedatum)}
            if client.partner_geboortedatum
            else "",
            client.partner_adres,
        )
        if part
    )
    return [
        Row(_label(Client, "achternaam"), client.achternaam),
        Row(_label(Client, "voorvoegsel"), client.voorvoegsel),
        Row(_label(Client, "voornamen"), client.voornamen),
        Row(_label(Client, "roepnaam"), client.roepnaam),
        Row(_("Bijnaam / alias"), client.alias),
        Row(_("Geboortedatum / -plaats"), birth),
        Row(_label(Client, "geboorteland"), client.geboorteland),
        Row(_("Crisiskaart aanwezig"), _yes_no(client.crisiskaart)),
        _photo_row(client),
        Row(_("BRP-adres (GBA)"), client.brp_adres),
        Row(_label(Client, "verblijfsadres"), client.verblijfsadres),
        Row(_label(Client, "burgerlijke_staat"), client.get_burgerlijke_staat_display()),
        Row(_label(Client, "nationaliteit"), client.nationaliteit),
        Row(_label(Client, "spreektaal"), client.spreektaal),
        Row(_("ID-kaart / paspoort"), client.id_document_nummer),
        Row(_("BSN"), client.bsn),
        Row(_label(Client, "zorgverzekeraar"), client.zorgverzekeraar),
        Row(_("Uitkering"), benefit),
        Row(_("Partner van"), partner),
    ]


def case_rows(case: Case) -> list[Row]:
    return [
        Row(_("Geprioriteerd op"), date_text(case.prioritised_on)),
        Row(_("Afgesloten op"), date_text(case.closed_on)),
        Row(_("Reden afsluiting"), case.closed_reason),
    ]


def version_rows(version: PlanVersion) -> list[Row]:
    based_on = version.based_on
    replaces = ""
    if based_on is not None:
        replaces = _("versie %(number)s") % {"number": based_on.number}
        if based_on.version_date:
            replaces += " " + _("van %(date)s") % {"date": date_text(based_on.version_date)}
    return [
        Row(_("Versienummer"), f"{version.number} ({version.get_status_display()})"),
        Row(_("Versiedatum"), date_text(version.version_date)),
        Row(
            _("Deze versie vervangt versie"),
            replaces or (_("geen (eerste versie)") if version.number == 1 else ""),
        ),
        Row(_("Datum evaluatie"), date_text(version.evaluation_date)),
    ]


def _goal_view(goal: Any) -> dict[str, str]:
    evaluation = goal.get_evaluation_result_display() if goal.evaluation_result else ""
    if goal.evaluation_note:
        evaluation = f"{evaluation}: {goal.evaluation_note}" if evaluation else goal.evaluation_note
    return {"text": goal.text, "target_date": date_text(goal.target_date), "evaluation": evaluation}


def domain_blocks(version: PlanVersion) -> list[DomainBlock]:
    blocks = []
    for domain in version.domains.all():
        is_justice = domain.kind == DomainKind.JUSTITIE
        before = [Row(_("Huidige situatie"), domain.current_situation)]
        if is_justice or domain.coercive_measures:
            before.append(
                Row(
                    _("Drang- en dwangmaatregelen bij niet meewerken of niet naleven van afspraken"),
                    domain.coercive_measures,
                )
            )
        goals = list(domain.goals.all())
        goal_groups = [
            (label, [_goal_view(goal) for goal in goals if goal.kind == kind])
            for kind, label in ((GoalKind.EINDDOEL, _("Einddoel")), (GoalKind.TUSSENDOEL, _("Tussendoel")))
        ]
        interventions = [
            {
                "description": item.description,
                "organisation": item.responsible_organisation.name if item.responsible_organisation else "",
                "person": item.responsible_person,
            }
            for item in domain.interventions.all()
        ]
        after = [
            Row(_("Wensen cliënt"), domain.client_wishes),
            Row(_("Actie cliënt"), domain.client_action),
            Row(_("Aanvullende informatie"), domain.additional_info),
        ]
        flag = domain_flag(domain)
        flag_text = ""
        if flag.flagged:
            missing = [
                text
                for on, text in (
                    (flag.no_goal, _("geen doel")),
                    (flag.no_partner, _("geen verantwoordelijke partner")),
                )
                if on
            ]
            flag_text = _(
                "Let op: er is een probleem beschreven, maar %(missing)s. Dit kan aanleiding zijn voor opschaling."
            ) % {"missing": _(" en ").join(missing)}
        blocks.append(DomainBlock(domain, before, goal_groups, interventions, after, flag_text))
    return blocks


def sanction_views(version: PlanVersion) -> list[dict[str, str]]:
    views = []
    for sanction in version.sanctions.all():
        option = sanction.option
        views.append(
            {
                "name": f"{option.number}. {option.name}" if option else _("Andere voorwaarde"),
                "description": option.description if option else "",
                "text": sanction.text,
            }
        )
    return views


def build_context(version: PlanVersion) -> dict[str, Any]:
    case = version.plan.case
    client = case.client
    stored = {section.key: section.data for section in version.sections.all()}
    sections = [
        PdfSection(
            section.key,
            str(section.title),
            # section_rows shows an unanswered yes/no as "—"; on paper it reads "niet ingevuld" like the rest
            [
                Row(str(f.label), value if stored.get(section.key, {}).get(f.key) else "")
                for f, value in fields
            ],
            str(section.help),
        )
        for section, fields in section_rows(version)
    ]
    extra_rows = {
        "procesgegevens": ([Row(_("Gemeente"), case.gemeente.name)], []),
        "aanleiding": (
            [],
            [
                Row(_("Aanleiding (casus)"), case.prioritisation_reason),
                Row(_("Geprioriteerd door / vanuit (casus)"), case.get_prioritised_by_display()),
                Row(_("Soort aanpak (casus)"), case.approach),
            ],
        ),
    }
    for section in sections:
        before, after = extra_rows.get(section.key, ([], []))
        section.rows = [*before, *section.rows, *after]
    return {
        "version": version,
        "plan": version.plan,
        "case": case,
        "client_name": client.full_name,
        "birth_date": date_text(client.geboortedatum),
        "version_date": date_text(version.version_date),
        "evaluation_date": date_text(version.evaluation_date),
        "header_rows": version_rows(version),
        "client_rows": client_rows(client),
        "case_rows": case_rows(case),
        "children": [
            {"naam": c.naam, "geboortedatum": date_text(c.geboortedatum), "adres": c.brp_adres}
            for c in client.kinderen.all()
        ],
        "sections": sections,
        "sanctions": sanction_views(version),
        "domains": domain_blocks(version),
        "empty": _("— niet ingevuld —"),
        "generated_at": timezone.localtime(),
    }


def _load(version: PlanVersion) -> PlanVersion:
    """The version with everything on it, in a fixed number of queries."""
    return (
        version_queryset()
        .select_related("plan__case__gemeente", "based_on")
        .prefetch_related("plan__case__client__kinderen")
        .get(pk=version.pk)
    )


def render_version_html(version: PlanVersion) -> str:
    with pdf_language():
        return render_html(TEMPLATE, build_context(_load(version)))


def render_version_pdf(version: PlanVersion, *, progress: ProgressCallback | None = None) -> bytes:
    """The PDF of the version, as bytes. Nothing is stored; the caller decides what to do with them."""
    if progress is not None:
        progress(5)
    with pdf_language():
        context = build_context(_load(version))
    return render_pdf(TEMPLATE, context, progress=progress)
