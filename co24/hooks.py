"""What co24 plugs into privacy's retention (privacy/hooks.py), registered in ``Co24Config.ready``: the CO24dak
journal of a case (signals and answers, callers — the identities of neighbours and relatives who called —,
alerts and their rules, checklists, the enrolment and exports), kept shorter than the case dossier."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BigIntegerField, CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy

from caseplan.hooks import case_anchor
from caseplan.models import Case, CaseStatus
from co24.models import Alert, Caller, Checklist, DossierExport, Enrolment, Signal, TippingRule
from privacy.hooks import GraphSpec, RetentionKind, apply_candidate_filters, register_retention_kind
from privacy.models import CountsFrom

JOURNAL_MODELS = (Enrolment, Signal, Caller, Checklist, Alert, TippingRule, DossierExport)


def journal_candidates(counts_from: str, cutoff: datetime.date) -> QuerySet[Any, Any]:
    """Closed cases with a CO24dak journal whose anchor is on or before ``cutoff``."""
    has_journal = Q()
    for model in JOURNAL_MODELS:
        has_journal |= Q(Exists(model.objects.filter(case_id=OuterRef("pk"))))
    queryset = Case.objects.filter(status=CaseStatus.AFGESLOTEN).filter(has_journal)
    queryset = apply_candidate_filters("co24_journal", queryset)
    return (
        queryset.order_by()
        .annotate(r_anchor=case_anchor(counts_from))
        .filter(r_anchor__lte=cutoff)
        .values(
            r_key=Cast("pk", CharField()),
            r_id=F("pk"),
            r_client=F("client_id"),
            r_episode=Value(None, output_field=BigIntegerField()),
            r_reference=F("reference"),
            r_anchor=F("r_anchor"),
        )
    )


def register_retention() -> None:
    register_retention_kind(
        RetentionKind(
            key="co24_journal",
            label=gettext_lazy("CO24dak-journaal"),
            root="case",
            counts_from=(CountsFrom.CASE_CLOSED, CountsFrom.LAST_DISCUSSED),
            graph=GraphSpec(roots=tuple((model, "case") for model in JOURNAL_MODELS)),
            candidates=journal_candidates,
        )
    )
