"""The journal as the API reads it: the journal page's selector (co24/selectors.py) for which signals and in
what order, with the full representation of each signal (every answer, the alerts with their rule)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet

from caseplan.models import Case
from co24.models import Alert, Signal, SignalAnswer
from co24.selectors import JournalFilters, journal_signals


def with_representation(queryset: QuerySet[Signal]) -> QuerySet[Signal]:
    """Everything SignalSerializer shows, in a fixed number of queries per page."""
    answers = SignalAnswer.objects.select_related("item").order_by("-item__kind", "item__order", "item_id")
    return (
        queryset.select_related("caller__organisation", "checklist")
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("answers", queryset=answers),
            Prefetch("alerts", queryset=Alert.objects.select_related("rule").order_by("fired_at", "id")),
        )
    )


def signal_queryset() -> QuerySet[Signal]:
    return with_representation(Signal.objects.all())


def api_journal(case: Case, params: Mapping[str, Any]) -> QuerySet[Signal]:
    """``params`` as validated by JournalFilterSerializer: kind, caller, from, to, item."""
    filters = JournalFilters(
        kind=params.get("kind", ""),
        caller=params.get("caller", ""),
        date_from=params.get("from"),
        date_to=params.get("to"),
        item_key=params.get("item"),
    )
    return with_representation(journal_signals(case=case, filters=filters))
