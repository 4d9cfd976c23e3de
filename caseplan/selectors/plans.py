"""Reads of the maatwerkplan: one version with everything on it in a fixed number of queries, the
escalation flags of its life domains, and the side-by-side comparison of two versions."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from caseplan.models import Case, Goal, Intervention, PlanDomain, PlanSanction, PlanVersion, VersionStatus
from caseplan.plan_schema import SECTIONS
from common.documents import Field as SectionField
from common.documents import Section
from common.model_fields import concrete_field


def version_queryset() -> QuerySet[PlanVersion]:
    return PlanVersion.objects.select_related(
        "plan__template", "plan__case__client", "based_on", "published_by", "created_by"
    ).prefetch_related(
        "sections",
        Prefetch(
            "domains",
            queryset=PlanDomain.objects.select_related("template_domain")
            .prefetch_related(
                Prefetch("goals", queryset=Goal.objects.order_by("kind", "target_date", "id")),
                Prefetch(
                    "interventions", queryset=Intervention.objects.select_related("responsible_organisation")
                ),
            )
            .order_by("number"),
        ),
        Prefetch("sanctions", queryset=PlanSanction.objects.select_related("option")),
    )


def version_for_case(case: Case, version_pk: int) -> PlanVersion:
    from django.http import Http404

    version = version_queryset().filter(plan__case=case, pk=version_pk).first()
    if version is None:
        raise Http404(_("Deze planversie bestaat niet."))
    return version


def plan_versions(case: Case) -> list[PlanVersion]:
    return list(
        PlanVersion.objects.filter(plan__case=case)
        .select_related("plan__template")
        .order_by("plan_id", "-number")
    )


def current_version_pk(case: Case, *, prefer_draft: bool) -> int | None:
    versions = PlanVersion.objects.filter(plan__case=case).order_by("-number")
    if prefer_draft:
        draft = versions.filter(status=VersionStatus.DRAFT).values_list("pk", flat=True).first()
        if draft:
            return draft
    return versions.filter(status=VersionStatus.PUBLISHED).values_list("pk", flat=True).first()


@dataclass
class DomainFlag:
    no_goal: bool
    no_partner: bool

    @property
    def flagged(self) -> bool:
        return self.no_goal or self.no_partner


def goals_to_evaluate(version: PlanVersion) -> list[Goal]:
    """Goals carried over from the previous version whose result has not been filled in yet."""
    return list(
        Goal.objects.filter(domain__version=version, carried_from__isnull=False, evaluation_result="")
        .select_related("domain")
        .order_by("domain__number", "id")
    )


def domain_flag(domain: PlanDomain) -> DomainFlag:
    """A domain with a problem (a current situation) but no goal or no responsible partner is a reason to
    escalate (opschaling): it shows which agency is not (yet) taking its responsibility."""
    if not domain.current_situation.strip():
        return DomainFlag(False, False)
    goals = list(domain.goals.all())
    partners = [i for i in domain.interventions.all() if i.responsible_organisation_id]
    return DomainFlag(no_goal=not goals, no_partner=not partners)


def section_rows(version: PlanVersion) -> list[tuple[Section, list[tuple[SectionField, str]]]]:
    """Every non-domain section with (label, value) rows, in the seed's order; empty values stay."""
    data = {section.key: section for section in version.sections.all()}
    rows = []
    for section in SECTIONS:
        stored = data.get(section.key)
        values = stored.data if stored else {}
        rows.append((section, [(field, field.display(values.get(field.key))) for field in section.fields]))
    return rows


def flatten(version: PlanVersion) -> dict[str, tuple[str, str]]:
    """Key → (label, text) for everything in a version, so two versions can be compared field by field."""
    rows: dict[str, tuple[str, str]] = {}
    for section, fields in section_rows(version):
        for field, value in fields:
            rows[f"{section.key}.{field.key}"] = (f"{section.title}: {field.label}", value)
    for domain in version.domains.all():
        prefix = f"{domain.number}. {domain.name}"
        for name in (
            "current_situation",
            "coercive_measures",
            "client_wishes",
            "client_action",
            "additional_info",
        ):
            label = concrete_field(PlanDomain, name).verbose_name
            rows[f"domain{domain.number}.{name}"] = (f"{prefix}: {label}", getattr(domain, name))
        for kind, label in (("einddoel", _("Einddoelen")), ("tussendoel", _("Tussendoelen"))):
            goals = [g for g in domain.goals.all() if g.kind == kind]
            text = "\n".join(
                f"{g.text}{' (' + g.target_date.strftime('%d-%m-%Y') + ')' if g.target_date else ''}"
                + (
                    f" [{g.get_evaluation_result_display()}: {g.evaluation_note}]"
                    if g.evaluation_result
                    else ""
                )
                for g in goals
            )
            rows[f"domain{domain.number}.{kind}"] = (f"{prefix}: {label}", text)
        interventions = "\n".join(
            f"{i.description} ({i.responsible_organisation or _('geen verantwoordelijke partner')})"
            for i in domain.interventions.all()
        )
        rows[f"domain{domain.number}.interventions"] = (f"{prefix}: {_('Interventies')}", interventions)
    sanctions = "\n".join(
        f"{s.option or _('Eigen voorwaarde')}: {s.text}".strip(": ") for s in version.sanctions.all()
    )
    rows["sanctions"] = (str(_("Voorwaardelijke sancties")), sanctions)
    rows["evaluation_date"] = (
        str(_("Datum evaluatie")),
        version.evaluation_date.strftime("%d-%m-%Y") if version.evaluation_date else "",
    )
    return rows


@dataclass
class CompareRow:
    label: str
    left: SafeString
    right: SafeString
    changed: bool


def _marked(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Word-level diff: removed words in <del>, added words in <ins>; all text is escaped first."""
    old_words, new_words = old.split(" "), new.split(" ")
    left: list[str] = []
    right: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old_words, b=new_words).get_opcodes():
        old_part, new_part = escape(" ".join(old_words[a1:a2])), escape(" ".join(new_words[b1:b2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return _safe_lines(" ".join(left)), _safe_lines(" ".join(right))


def _safe_lines(escaped: str) -> SafeString:
    return mark_safe(escaped.replace("\n", "<br>"))  # noqa: S308 - built from escaped text only


def compare(left: PlanVersion, right: PlanVersion) -> list[CompareRow]:
    a, b = flatten(left), flatten(right)
    rows = []
    for key in list(dict.fromkeys([*a, *b])):
        label = (b.get(key) or a.get(key))[0]  # type: ignore[index]
        old, new = a.get(key, ("", ""))[1], b.get(key, ("", ""))[1]
        if old == new:
            rows.append(CompareRow(label, _safe_lines(escape(old)), _safe_lines(escape(new)), False))
        else:
            marked_old, marked_new = _marked(old, new)
            rows.append(CompareRow(label, marked_old, marked_new, True))
    return rows


def _latest_version_ids() -> QuerySet[PlanVersion, Mapping[str, object]]:
    """The newest version of every plan (the draft being written, or else the version in force)."""
    newest = PlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number").values("pk")[:1]
    return PlanVersion.objects.filter(pk=Subquery(newest)).values("pk")


def flagged_domains() -> QuerySet[PlanDomain]:
    """Domains with a problem but no goal or no responsible partner, in the newest version of each plan."""
    has_goal = Exists(Goal.objects.filter(domain=OuterRef("pk")))
    has_partner = Exists(
        Intervention.objects.filter(domain=OuterRef("pk"), responsible_organisation__isnull=False)
    )
    return (
        PlanDomain.objects.filter(version__in=_latest_version_ids())
        .exclude(current_situation="")
        .filter(~has_goal | ~has_partner)
    )


def cases_with_flagged_domains() -> QuerySet[PlanDomain, Mapping[str, object]]:
    return flagged_domains().values("version__plan__case_id")


def cases_with_published_plan() -> QuerySet[PlanVersion, Mapping[str, object]]:
    return PlanVersion.objects.filter(status=VersionStatus.PUBLISHED).values("plan__case_id")
