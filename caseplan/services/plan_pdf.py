"""The PDF of one maatwerkplan version: what is in it, and the job that makes it.

The document: build the context and hand the template to the one PDF renderer (common/pdf.py: static
files only, tagged, time-bounded), which returns the bytes. ``render_version_pdf`` is its one entry point:
the Celery task calls it through ``plan_pdf_render``, and the benchmark can time it directly. The caller
may pass a ``progress`` callback that receives a percentage (0-100) as the work advances.

The job: requesting a PDF (a PlanPdf row, an access-log row, a Celery task after commit) and the work the
task does (render, store the file, record the result). Every PDF produced is logged."""

from __future__ import annotations

import base64
import logging
import mimetypes
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.access_log import log_case_read
from caseplan.models import (
    Case,
    CaseMember,
    Client,
    DomainKind,
    GoalKind,
    PdfStatus,
    PlanDomain,
    PlanPdf,
    PlanVersion,
)
from caseplan.selectors.cases import current_team
from caseplan.selectors.plans import domain_flag, section_rows, version_queryset
from common.model_fields import concrete_field
from common.pdf import ProgressCallback, date_text, pdf_language, render_html, render_pdf
from privacy.models import User

TEMPLATE = "caseplan/plan/pdf.html"
DOMAINS_AFTER = "diagnostiek"  # the leefgebieden are printed after this section, as in seed 000
SANCTIONS_SECTION = "status"  # the voorwaardelijke sancties are part of "Status cliënt"
ERROR_MAX_LENGTH = 2000

logger = logging.getLogger(__name__)


@dataclass
class Row:
    label: str
    value: str = ""
    image: str = ""  # a data: URI, shown instead of the value

    @property
    def filled(self) -> bool:
        return bool(self.value or self.image)


@dataclass
class DomainBlock:
    """One leefgebied as printed: only what was filled in (rows, goal kinds, interventions)."""

    domain: PlanDomain
    rows_before: list[Row]
    goal_groups: list[tuple[str, list[dict[str, str]]]]
    interventions: list[dict[str, str]]
    rows_after: list[Row]
    flag_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.rows_before or self.goal_groups or self.interventions or self.rows_after)

    @property
    def has_evaluation(self) -> bool:
        """Whether a goal carries an evaluation of the previous period (otherwise the column is left out)."""
        return any(goal["evaluation"] for _label, goals in self.goal_groups for goal in goals)

    @property
    def has_agreements(self) -> bool:
        """Goals, interventions, the client's action or drang en dwang: what the gedragscontract's annex shows."""
        return bool(
            self.goal_groups
            or self.interventions
            or self.domain.client_action.strip()
            or self.domain.coercive_measures.strip()
        )


@dataclass
class Recipient:
    """A line of the distribution list: who gets a copy of the printed plan."""

    name: str
    organisation: str
    role: str


@dataclass
class PdfSection:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)
    help: str = ""
    filled: bool = True  # False: nothing in it, so it is named in the "niet van toepassing" line only


def _filled(rows: list[Row]) -> list[Row]:
    """A printed plan shows what was filled in; an empty field is left out, not printed as a blank."""
    return [row for row in rows if row.filled]


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
        blocks.append(
            DomainBlock(
                domain,
                _filled(before),
                [(label, views) for label, views in goal_groups if views],
                interventions,
                _filled(after),
                flag_text,
            )
        )
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


def adoption_rows(version: PlanVersion) -> list[Row]:
    """*Vastgesteld door / op*: who published this version, for which organisation, and when."""
    if version.published_at is None:
        return [Row(_("Vastgesteld door / op"), _("nog niet vastgesteld: dit is een concept"))]
    by = version.published_by
    who = ""
    if by is not None:
        who = str(by)
        if by.organisation is not None:
            who = f"{who}, {by.organisation.name}"
    return [
        Row(_("Vastgesteld door"), who),
        Row(_("Vastgesteld op"), date_text(timezone.localtime(version.published_at).date())),
    ]


def distribution(case: Case, members: list[CaseMember]) -> list[Recipient]:
    """Who gets a copy: the current case team (people with their organisation, or whole organisations)
    and the client."""
    recipients = []
    for member in members:
        role = member.get_role_display()
        if member.user is not None:
            organisation = member.user.organisation.name if member.user.organisation else ""
            recipients.append(Recipient(member.user.get_full_name() or str(member.user), organisation, role))
        elif member.organisation is not None:
            recipients.append(Recipient(member.organisation.name, _("hele organisatie"), role))
    recipients.append(Recipient(case.client.full_name, "", _("Cliënt")))
    return recipients


def _section_views(version: PlanVersion, sanctions: list[dict[str, str]]) -> list[PdfSection]:
    case = version.plan.case
    stored = {section.key: section.data for section in version.sections.all()}
    sections = [
        PdfSection(
            section.key,
            str(section.title),
            # section_rows shows an unanswered yes/no as "—": on paper an unanswered field is left out
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
        section.rows = _filled([*before, *section.rows, *after])
        section.filled = bool(section.rows) or (section.key == SANCTIONS_SECTION and bool(sanctions))
    return sections


def build_context(version: PlanVersion, *, team: list[CaseMember]) -> dict[str, Any]:
    case = version.plan.case
    client = case.client
    sanctions = sanction_views(version)
    sections = _section_views(version, sanctions)
    split = next((i + 1 for i, s in enumerate(sections) if s.key == DOMAINS_AFTER), len(sections))
    blocks = domain_blocks(version)
    return {
        "version": version,
        "plan": version.plan,
        "title": version.plan.template.name,
        "case": case,
        "issuer": case.gemeente.name,
        "purpose": case.purpose.name,
        "client_name": client.full_name,
        "birth_date": date_text(client.geboortedatum),
        "version_date": date_text(version.version_date),
        "evaluation_date": date_text(version.evaluation_date),
        "header_rows": _filled(version_rows(version)) + adoption_rows(version),
        "client_rows": _filled(client_rows(client)),
        "case_rows": _filled(case_rows(case)),
        "children": [
            {"naam": c.naam, "geboortedatum": date_text(c.geboortedatum), "adres": c.brp_adres}
            for c in client.kinderen.all()
        ],
        "sections_before": [s for s in sections[:split] if s.filled],
        "sections_after": [s for s in sections[split:] if s.filled],
        "empty_sections": [s.title for s in sections if not s.filled],
        "sanctions": sanctions,
        "domains": [block for block in blocks if not block.is_empty],
        "empty_domains": [f"{b.domain.number}. {b.domain.name}" for b in blocks if b.is_empty],
        "distribution": distribution(case, team),
        "empty": "—",
        "generated_at": timezone.localtime(),
    }


def _load(version: PlanVersion) -> PlanVersion:
    """The version with everything on it, in a fixed number of queries."""
    return (
        version_queryset()
        .select_related(
            "plan__case__gemeente", "plan__case__purpose", "based_on", "published_by__organisation"
        )
        .prefetch_related("plan__case__client__kinderen")
        .get(pk=version.pk)
    )


def _context(version: PlanVersion) -> dict[str, Any]:
    loaded = _load(version)
    return build_context(loaded, team=current_team(loaded.plan.case))


def render_version_html(version: PlanVersion) -> str:
    with pdf_language():
        return render_html(TEMPLATE, _context(version))


def render_version_pdf(version: PlanVersion, *, progress: ProgressCallback | None = None) -> bytes:
    """The PDF of the version, as bytes. Nothing is stored; the caller decides what to do with them."""
    if progress is not None:
        progress(5)
    with pdf_language():
        context = _context(version)
    return render_pdf(TEMPLATE, context, progress=progress)


@transaction.atomic
def plan_pdf_request(*, version: PlanVersion, by: User, request: HttpRequest | None = None) -> PlanPdf:
    """Ask for a PDF of the version: the row is created and logged now, the file is made by a worker."""
    from caseplan.tasks import render_plan_pdf  # the tasks module imports this one

    pdf = PlanPdf.objects.create(version=version, requested_by=by)
    log_case_read(
        user=by, case=version.plan.case, shown=f"PDF maatwerkplan v{version.number}", request=request
    )
    pdf_id = pdf.pk
    transaction.on_commit(lambda: render_plan_pdf.delay(pdf_id))
    return pdf


def _set_progress(pdf_id: int, percent: int) -> None:
    PlanPdf.objects.filter(pk=pdf_id).exclude(status=PdfStatus.DONE).update(
        progress=max(0, min(100, percent))
    )


def plan_pdf_start(*, pdf_id: int) -> PlanPdf | None:
    """Claim the row for rendering; None when there is nothing to do (gone, or already klaar)."""
    with transaction.atomic():
        pdf = PlanPdf.objects.select_for_update().filter(pk=pdf_id).first()
        if pdf is None or pdf.status == PdfStatus.DONE:
            return None
        pdf.status = PdfStatus.RUNNING
        pdf.progress = 1
        pdf.error = ""
        pdf.save(update_fields=["status", "progress", "error"])
        return pdf


def plan_pdf_render(*, pdf_id: int) -> str:
    """Render the PDF and store it; safe to run twice (a row that is klaar is left alone).

    The bytes are made in memory first and the file is written only when they are complete, so a failed
    render leaves no file behind; a file written for a row that meanwhile became klaar is removed again."""
    pdf = plan_pdf_start(pdf_id=pdf_id)
    if pdf is None:
        return "overgeslagen"
    content = render_version_pdf(pdf.version, progress=lambda percent: _set_progress(pdf_id, percent))
    name = f"{uuid.uuid4().hex}.pdf"  # not guessable, no client data in the file name
    storage = pdf.file.storage
    stored_name = ""
    try:
        with transaction.atomic():
            current = PlanPdf.objects.select_for_update().get(pk=pdf_id)
            if current.status == PdfStatus.DONE:
                return "overgeslagen"
            current.file.save(name, ContentFile(content), save=False)
            stored_name = current.file.name
            current.status = PdfStatus.DONE
            current.progress = 100
            current.error = ""
            current.finished_at = timezone.now()
            current.save(update_fields=["file", "status", "progress", "error", "finished_at"])
    except BaseException:
        if stored_name:
            storage.delete(stored_name)
        raise
    return PdfStatus.DONE


def plan_pdf_fail(*, pdf_id: int, error: BaseException | str) -> None:
    """Record a failure the task gives up on; a row that is klaar stays klaar."""
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    PlanPdf.objects.filter(pk=pdf_id).exclude(status=PdfStatus.DONE).update(
        status=PdfStatus.FAILED, error=message[:ERROR_MAX_LENGTH], finished_at=timezone.now()
    )
