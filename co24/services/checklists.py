"""Per-client checklists: made from a template, the plan's goals and the risk profile; changed only as a new
version, so answers already given keep pointing at the items they answered."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caseplan.models import Case, Goal, PlanSection
from co24.models import Checklist, ChecklistItem, ChecklistStatus, ChecklistTemplate, ItemKind, ItemSource
from privacy.models import User


def active_checklist(case: Case) -> Checklist | None:
    return Checklist.objects.filter(case=case, status=ChecklistStatus.ACTIVE).first()


def _next_number(case: Case) -> int:
    last = Checklist.objects.filter(case=case).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def checklist_from_template(*, case: Case, template: ChecklistTemplate, by: User) -> Checklist:
    if Checklist.objects.filter(case=case, status=ChecklistStatus.DRAFT).exists():
        raise ValidationError(_("Er is al een conceptversie van de checklist."))
    draft = Checklist.objects.create(case=case, number=_next_number(case), based_on=template, created_by=by)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=draft,
            kind=item.kind,
            category=item.category,
            text=item.text,
            red_flag=item.red_flag,
            source=ItemSource.TEMPLATE,
            order=item.order,
        )
        for item in template.items.all()
    )
    return draft


@transaction.atomic
def checklist_start_version(*, case: Case, by: User) -> Checklist:
    """A draft copy of the version in use; each item keeps its key so rules and trends follow it."""
    draft = Checklist.objects.filter(case=case, status=ChecklistStatus.DRAFT).first()
    if draft is not None:
        return draft
    current = active_checklist(case)
    draft = Checklist.objects.create(
        case=case, number=_next_number(case), based_on=current.based_on if current else None, created_by=by
    )
    if current is not None:
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                checklist=draft,
                key=item.key,
                kind=item.kind,
                category=item.category,
                text=item.text,
                red_flag=item.red_flag,
                source=item.source,
                order=item.order,
            )
            for item in current.items.all()
        )
    return draft


def _require_draft(checklist: Checklist) -> None:
    if checklist.status != ChecklistStatus.DRAFT:
        raise ValidationError(_("Alleen een conceptversie kan worden gewijzigd; start een nieuwe versie."))


@transaction.atomic
def checklist_item_add(
    *,
    checklist: Checklist,
    kind: str,
    text: str,
    red_flag: bool = False,
    category: str = "",
    source: str = ItemSource.OWN,
) -> ChecklistItem:
    _require_draft(checklist)
    if not text.strip():
        raise ValidationError({"text": _("Beschrijf het signaal of de factor.")})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Kies risicosignaal of beschermende factor.")})
    order = (checklist.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return ChecklistItem.objects.create(
        checklist=checklist,
        kind=kind,
        text=text.strip(),
        red_flag=red_flag,
        category=category,
        source=source,
        order=order,
    )


@transaction.atomic
def checklist_item_remove(*, item: ChecklistItem) -> None:
    _require_draft(item.checklist)
    item.delete()


@transaction.atomic
def checklist_item_toggle_red_flag(*, item: ChecklistItem) -> ChecklistItem:
    _require_draft(item.checklist)
    item.red_flag = not item.red_flag
    item.save(update_fields=["red_flag"])
    return item


@transaction.atomic
def checklist_activate(*, checklist: Checklist, by: User, note: str = "") -> Checklist:
    _require_draft(checklist)
    if not checklist.items.exists():
        raise ValidationError(_("Een checklist zonder vragen kan niet in gebruik worden genomen."))
    Checklist.objects.filter(case_id=checklist.case_id, status=ChecklistStatus.ACTIVE).update(
        status=ChecklistStatus.SUPERSEDED
    )
    checklist.status = ChecklistStatus.ACTIVE
    checklist.activated_at = timezone.now()
    checklist.note = note
    checklist.save(update_fields=["status", "activated_at", "note"])
    return checklist


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    source: str


def checklist_suggestions(case: Case) -> list[Suggestion]:
    """Items to make the checklist fit: the plan's goals (seen = protective) and the risk profile."""
    suggestions: list[Suggestion] = []
    goals = Goal.objects.filter(domain__version__plan__case=case).order_by("-domain__version__number", "id")
    seen: set[str] = set()
    for text in goals.values_list("text", flat=True)[:20]:
        if text and text not in seen:
            seen.add(text)
            suggestions.append(
                Suggestion(
                    ItemKind.PROTECTIVE, _("Werkt aan doel: %(goal)s") % {"goal": text}, ItemSource.GOAL
                )
            )
    sections = PlanSection.objects.filter(
        version__plan__case=case, key__in=["aanleiding", "status"]
    ).order_by("-version__number")
    profile: dict[str, str] = {}
    for section in sections:
        for key, value in section.data.items():
            profile.setdefault(key, value)
    if profile.get("overlastfeiten"):
        suggestions.append(
            Suggestion(
                ItemKind.RISK,
                _("Overlast zoals eerder: %(facts)s") % {"facts": profile["overlastfeiten"][:200]},
                ItemSource.RISK_PROFILE,
            )
        )
    if profile.get("huiselijk_geweld") == "ja":
        suggestions.append(
            Suggestion(ItemKind.RISK, _("Signalen van huiselijk geweld"), ItemSource.RISK_PROFILE)
        )
    if profile.get("opname_ggz") == "ja":
        suggestions.append(
            Suggestion(
                ItemKind.RISK,
                _("Signalen die eerder aan een GGZ-opname voorafgingen"),
                ItemSource.RISK_PROFILE,
            )
        )
    existing = set(Checklist.objects.filter(case=case).values_list("items__text", flat=True))
    return [s for s in suggestions if s.text not in existing]
