"""After release the municipality takes the hand-over into caseplan: a Client, a Case and a maatwerkplan whose
diagnostics carry the five basic conditions. Before the judicial title ends it may only look (L2332-2335)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caseplan.models import Case, Client, PlanSection, PlanTemplate
from caseplan.services.cases import case_create
from caseplan.services.clients import client_for_new_case
from caseplan.services.plans import plan_create
from common.history import note_change
from nazorg.models import DetentionEpisode, DocumentKind, HandoverEvent, HandoverEventKind, HandoverStatus
from nazorg.models.choices import ACTION_OWNERS, CONDITION_STATUS, VERZORGERS_KINDEREN, Condition
from nazorg.services.documents import current_version
from privacy.models import Purpose, User

# Where each basic condition lands among the maatwerkplan's leefgebieden (seed 000, template numbers).
CONDITION_DOMAINS = {
    Condition.ID: 8,
    Condition.ONDERDAK: 1,
    Condition.INKOMEN: 2,
    Condition.SCHULDEN: 3,
    Condition.ZORG: 6,
}
_STATUS_LABELS = dict(CONDITION_STATUS)


def conditions_summary(data: dict[str, object]) -> dict[str, str]:
    """Per basic condition: its status and the actions with their owners, as plain text."""
    summary: dict[str, str] = {}
    prefixes = {Condition.ONDERDAK: "onderdak"}
    for condition in Condition:
        lines = []
        status = data.get(f"status_{condition.value}")
        if status:
            lines.append(f"{condition.label}: {_STATUS_LABELS.get(str(status), status)}")
        prefix = prefixes.get(condition, condition.value)
        for owner in ("gedetineerde", "mmd", "gemeente", "anderen"):
            action = data.get(f"actie_{prefix}_{owner}")
            if action:
                lines.append(f"{_owner_label(owner)}: {action}")
        summary[condition.value] = "\n".join(lines)
    return summary


def _owner_label(owner: str) -> str:
    return str(dict(ACTION_OWNERS)[owner])


@transaction.atomic
def episode_import(*, episode: DetentionEpisode, by: User) -> Case:
    current = (
        DetentionEpisode.objects.select_for_update(of=("self",))
        .select_related("prison", "gemeente")
        .get(pk=episode.pk)
    )
    if not current.title_ended:
        raise ValidationError(
            _(
                "Zolang de justitiële titel loopt, kan de gemeente alleen inzien. Overnemen kan vanaf de dag van ontslag."
            )
        )
    if current.handover_status == HandoverStatus.IMPORTED:
        raise ValidationError(
            _("Deze overdracht is al overgenomen in casus %(ref)s.")
            % {"ref": current.case.reference if current.case else ""}
        )
    if by.organisation_id not in (current.gemeente_id, current.gemeente_vestiging_id):
        raise ValidationError(_("Alleen de gemeente die de nazorg oppakt, kan overnemen."))
    basis = current_version(current, DocumentKind.BASISDOCUMENT)
    release = current_version(current, DocumentKind.ONTSLAGBERICHT)
    client = _client_for(current, by, release.data if release else {})
    case = case_create(
        client=client,
        gemeente=by.organisation,  # type: ignore[arg-type]
        purpose=Purpose.objects.get(code="nazorg"),
        by=by,
        approach=str(_("Nazorg na detentie")),
        prioritisation_reason=_("Overdracht nazorg na detentie in %(pi)s (%(ref)s), ontslagen op %(date)s.")
        % {"pi": current.prison.name, "ref": current.reference, "date": f"{current.released_on:%d-%m-%Y}"},
    )
    gemeenteblad = current_version(current, DocumentKind.GEMEENTEBLAD)
    _plan_from_basisdocument(
        case, current, basis.data if basis else {}, gemeenteblad.data if gemeenteblad else {}, by
    )
    current.client = client
    current.case = case
    current.handover_status = HandoverStatus.IMPORTED
    current.revision += 1
    note_change(current, by=by, reason="overgenomen in casus")
    current.save()
    HandoverEvent.objects.create(
        episode=current,
        kind=HandoverEventKind.IMPORTED,
        by=by,
        to_gemeente=by.organisation,
        reason=case.reference,
    )
    return case


def _client_for(episode: DetentionEpisode, by: User, release: dict[str, object]) -> Client:
    """The importer's own client with this BSN (one they can already change through a case team); otherwise,
    also when another team knows the BSN, a new client from the prison's particulars."""
    return client_for_new_case(
        by=by,
        achternaam=episode.achternaam,
        voornamen=episode.voornamen,
        geboortedatum=episode.geboortedatum,
        bsn=episode.bsn,
        brp_adres=str(release.get("adres_na_ontslag", ""))[:300],
    )


def _kind_check(gemeenteblad: dict[str, Any]) -> str:
    if not gemeenteblad.get("kinderen"):
        return ""
    carers = dict(VERZORGERS_KINDEREN)
    answer = {"ja": _("ja"), "nee": _("nee")}.get(str(gemeenteblad["kinderen"]), _("onbekend"))
    lines = [_("Kind-check (gemeenteblad): minderjarige kinderen: %(answer)s") % {"answer": answer}]
    for key in ("kinderen_op_adres", "kinderen_elders", "kinderen_verzorgers_contact"):
        if gemeenteblad.get(key):
            lines.append(str(gemeenteblad[key]))
    chosen = gemeenteblad.get("kinderen_verzorgers") or []
    if chosen:
        names = ", ".join(str(carers.get(c, c)) for c in chosen)
        lines.append(_("Verzorgers: %(list)s") % {"list": names})
    return "\n".join(lines)


def _plan_from_basisdocument(
    case: Case, episode: DetentionEpisode, data: dict[str, object], gemeenteblad: dict[str, object], by: User
) -> None:
    version = plan_create(case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=by)
    summary = conditions_summary(data)
    sections = {section.key: section for section in PlanSection.objects.filter(version=version)}
    diagnostics = sections["diagnostiek"]
    text = "\n\n".join(block for block in (*summary.values(), _kind_check(gemeenteblad)) if block)
    diagnostics.data = {
        **diagnostics.data,
        "basisvoorwaarden": _("Basisdocument nazorg %(ref)s (%(pi)s):\n%(text)s")
        % {
            "ref": episode.reference,
            "pi": episode.prison.name,
            "text": text or _("geen basisdocument ingediend"),
        },
    }
    diagnostics.save(update_fields=["data"])
    status = sections["status"]
    period = (
        f"{episode.detention_start:%d-%m-%Y} – {episode.released_on:%d-%m-%Y}" if episode.released_on else ""
    )
    status.data = {
        **status.data,
        "gedetineerd": "nee",
        "inrichting": _("%(pi)s, %(status)s, %(period)s (nazorg %(ref)s)")
        % {
            "pi": episode.prison.name,
            "status": episode.get_status_display(),
            "period": period,
            "ref": episode.reference,
        },
    }
    status.save(update_fields=["data"])
    domains = {domain.number: domain for domain in version.domains.all()}
    for condition, number in CONDITION_DOMAINS.items():
        block = summary.get(condition.value)
        domain = domains.get(number)
        no_problem = data.get(f"status_{condition.value}") == "2"  # 2 Nee: nothing to flag in the plan
        if block and domain is not None and not no_problem:
            domain.current_situation = _("Uit het basisdocument nazorg:\n%(text)s") % {"text": block}
            domain.save(update_fields=["current_situation"])
