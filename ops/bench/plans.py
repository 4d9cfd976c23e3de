"""Maatwerkplan benchmarks: the plan page of a fully filled plan, and the PDF render time of that plan
(goal: under 1.5 s). The plan is made through the services on one of the benchmark user's cases."""

from __future__ import annotations

import datetime
import statistics
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from caseplan.models import Case, PlanTemplate, PlanVersion, SanctionOption
from caseplan.plan_schema import SECTIONS
from caseplan.selectors.team import team_organisations
from caseplan.services import plans as plan_services
from caseplan.services.plan_pdf import render_version_pdf

LOREM = (
    "Cliënt woont sinds kort weer zelfstandig; er zijn zorgen over schulden, middelengebruik en contact "
    "met de buren. Afspraken met de corporatie en de wijkagent lopen; de familie is betrokken."
)


def _value(kind: str, index: int) -> object:
    if kind == "date":
        return timezone.localdate() - datetime.timedelta(days=30 + index)
    if kind == "choice":
        return "ja"
    return f"{LOREM} ({index})"


@transaction.atomic
def full_plan(case: Case) -> PlanVersion:
    """A published version of the maatwerkplan with every section, domain, goal and sanction filled."""
    existing = PlanVersion.objects.filter(plan__case=case, status="vastgesteld").order_by("-number").first()
    if existing is not None:
        return existing
    user = case.created_by or case.members.filter(user__isnull=False).first().user  # type: ignore[union-attr]
    draft = plan_services.plan_create(
        case=case, template=PlanTemplate.objects.get(code="maatwerkplan"), by=user
    )
    for section in draft.sections.all():
        definition = next(s for s in SECTIONS if s.key == section.key)
        data = {field.key: _value(field.kind, i) for i, field in enumerate(definition.fields)}
        plan_services.section_update(section=section, by=user, expected_revision=section.revision, data=data)
    organisations = list(team_organisations(case.pk)[:2])  # a responsible partner is on the case team
    for domain in draft.domains.all():
        plan_services.domain_update(
            domain=domain,
            by=user,
            expected_revision=domain.revision,
            current_situation=LOREM,
            coercive_measures=LOREM if domain.kind == "justitie" else "",
            client_wishes=LOREM,
            client_action=LOREM,
            additional_info=LOREM,
        )
        for kind in ("einddoel", "tussendoel", "tussendoel"):
            plan_services.goal_save(
                domain=domain,
                by=user,
                kind=kind,
                text=f"{kind} {domain.name}",
                target_date=timezone.localdate(),
            )
        for organisation in organisations[:2]:
            plan_services.intervention_save(
                domain=domain,
                by=user,
                description=f"Interventie {domain.name}",
                responsible_organisation=organisation,
            )
    for option in SanctionOption.objects.all()[:5]:
        plan_services.sanction_add(version=draft, by=user, option=option, text=LOREM)
    # Published directly, not through version_publish: the benchmark must not complete the seeded deadlines.
    PlanVersion.objects.filter(pk=draft.pk).update(
        status="vastgesteld",
        version_date=timezone.localdate(),
        published_at=timezone.now(),
        published_by=user,
    )
    return PlanVersion.objects.get(pk=draft.pk)


@dataclass
class PdfTiming:
    p50: float
    p95: float
    maximum: float
    renders: int
    size_kb: int


def time_pdf(version: PlanVersion, repeat: int) -> PdfTiming:
    render_version_pdf(version)  # warm up fonts
    seconds, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(render_version_pdf(version))
        seconds.append(time.perf_counter() - start)
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return PdfTiming(statistics.median(seconds), p95, max(seconds), repeat, size // 1024)
