"""After release the municipality takes the hand-over into caseplan: a Client, a Case and a maatwerkplan whose
diagnostics carry the five basic conditions. Before the judicial title ends it may only look (L2332-2335)."""

from __future__ import annotations

import datetime
import re
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caseplan.models import Case, Client, PlanSection, PlanTemplate
from caseplan.services.cases import case_create
from caseplan.services.clients import ClientFields, client_child_add, client_for_new_case, client_update
from caseplan.services.plans import plan_create
from caseplan.services.team import case_role_of
from common.history import note_change
from nazorg.models import (
    DetentionEpisode,
    DocumentKind,
    DocumentStatus,
    HandoverEvent,
    HandoverEventKind,
    HandoverStatus,
)
from nazorg.models.choices import ACTION_OWNERS, CONDITION_STATUS, VERZORGERS_KINDEREN, Condition
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
    documents: dict[str, dict[str, Any]] = dict(
        current.documents.filter(status=DocumentStatus.SUBMITTED).values_list("kind", "data")
    )
    client = _client_for(current, by, documents)
    case = case_create(
        client=client,
        gemeente=by.organisation,  # type: ignore[arg-type]
        purpose=Purpose.objects.get(code="nazorg"),
        by=by,
        creator_role=case_role_of(by),
        approach=str(_("Nazorg na detentie")),
        prioritisation_reason=_("Overdracht nazorg na detentie in %(pi)s (%(ref)s), ontslagen op %(date)s.")
        % {"pi": current.prison.name, "ref": current.reference, "date": f"{current.released_on:%d-%m-%Y}"},
    )
    _plan_from_basisdocument(
        case,
        current,
        documents.get(DocumentKind.BASISDOCUMENT, {}),
        documents.get(DocumentKind.GEMEENTEBLAD, {}),
        by,
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


def _client_for(episode: DetentionEpisode, by: User, documents: dict[str, dict[str, Any]]) -> Client:
    """The importer's own client with this BSN (one they can already change through a case team); otherwise,
    also when another team knows the BSN, a new client from the prison's particulars. The addresses and the
    children in the documents go with it; of a known client only what is still empty is filled in, and only
    children not yet listed (by name and date of birth) are added."""
    addresses = _addresses(documents)
    fields: ClientFields = {
        "achternaam": episode.achternaam,
        "voornamen": episode.voornamen,
        "geboortedatum": episode.geboortedatum,
        "bsn": episode.bsn,
    }
    fields.update(addresses)
    client = client_for_new_case(by=by, **fields)
    empty: ClientFields = {}
    if addresses.get("brp_adres") and not client.brp_adres:
        empty["brp_adres"] = addresses["brp_adres"]
    if addresses.get("verblijfsadres") and not client.verblijfsadres:
        empty["verblijfsadres"] = addresses["verblijfsadres"]
    if empty:
        client = client_update(client=client, by=by, expected_revision=client.revision, **empty)
    _add_children(client, by, documents.get(DocumentKind.GEMEENTEBLAD, {}))
    return client


def _text(data: dict[str, Any], key: str, limit: int = 300) -> str:
    return str(data.get(key) or "").strip()[:limit]


def _addresses(documents: dict[str, dict[str, Any]]) -> ClientFields:
    """Where the client stays after release (the ontslagbericht) and the BRP address: as registered at
    release (overdrachtsdocument), else in the gemeente van vestiging (basisdocument), else the last known
    one (gemeenteblad)."""
    handover = documents.get(DocumentKind.OVERDRACHTSDOCUMENT, {})
    registered = [
        _text(handover, "brp_adres") if handover.get("brp_bij_ontslag") == "ja" else "",
        _text(documents.get(DocumentKind.BASISDOCUMENT, {}), "brp_adres_vestiging"),
        _text(documents.get(DocumentKind.GEMEENTEBLAD, {}), "brp_adres"),
    ]
    addresses: ClientFields = {}
    brp_adres = next((address for address in registered if address), "")
    if brp_adres:
        addresses["brp_adres"] = brp_adres
    stays = _text(documents.get(DocumentKind.ONTSLAGBERICHT, {}), "adres_na_ontslag")
    if stays:
        addresses["verblijfsadres"] = stays
    return addresses


class Child(NamedTuple):
    naam: str
    geboortedatum: datetime.date
    brp_adres: str


_DATE = re.compile(r"(?<!\d)(?:(\d{1,2})[-./](\d{1,2})[-./](\d{4})|(\d{4})-(\d{2})-(\d{2}))(?!\d)")
_EDGES = " \t,;:-–•*()"


def _date(match: re.Match[str]) -> datetime.date | None:
    day, month, year, iso_year, iso_month, iso_day = match.groups()
    try:
        if year:
            return datetime.date(int(year), int(month), int(day))
        return datetime.date(int(iso_year), int(iso_month), int(iso_day))
    except ValueError:
        return None


def _child(line: str, address: str, *, own_address: bool) -> Child | None:
    """One line of the gemeenteblad's kind-check: "naam, geboortedatum" and, for a child living elsewhere,
    ", adres" after it. A line without a (possible) date of birth is not read as a child: "twee kinderen bij
    hun moeder" stays what it is, text in the plan's diagnostics."""
    found = _DATE.search(line)
    born = _date(found) if found else None
    if found is None or born is None:
        return None
    name = line[: found.start()].strip(_EDGES)[:200]
    if not name:
        return None
    where = line[found.end() :].strip(_EDGES)[:300] if own_address else address
    return Child(name, born, where)


def children_in(gemeenteblad: dict[str, Any]) -> list[Child]:
    """The children the gemeenteblad lists with their date of birth, one per line: those on the BRP address
    live at the client's last known BRP address, those elsewhere at the address after their date of birth."""
    if gemeenteblad.get("kinderen") == "nee":
        return []
    home = _text(gemeenteblad, "brp_adres")
    found: list[Child] = []
    for key, own_address in (("kinderen_op_adres", False), ("kinderen_elders", True)):
        for line in str(gemeenteblad.get(key) or "").splitlines():
            child = _child(line, home, own_address=own_address)
            if child is not None:
                found.append(child)
    return found


def _same(naam: str, geboortedatum: datetime.date | None) -> tuple[str, datetime.date | None]:
    return (" ".join(naam.split()).casefold(), geboortedatum)


def _add_children(client: Client, by: User, gemeenteblad: dict[str, Any]) -> None:
    children = children_in(gemeenteblad)
    if not children:
        return
    known = {_same(naam, born) for naam, born in client.kinderen.values_list("naam", "geboortedatum")}
    for child in children:
        if _same(child.naam, child.geboortedatum) in known:
            continue
        known.add(_same(child.naam, child.geboortedatum))
        client_child_add(
            client=client,
            by=by,
            naam=child.naam,
            geboortedatum=child.geboortedatum,
            brp_adres=child.brp_adres,
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
