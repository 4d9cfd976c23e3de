"""Template filters of the retention pages: a term in words ("1 jaar", "5 jaren", "90 dagen")."""

from __future__ import annotations

from django import template

from privacy.models.retention import term_in_words

register = template.Library()


@register.filter
def term(amount: int | None, unit: str) -> str:
    """``{{ rule.term_amount|term:rule.term_unit }}``."""
    return "" if amount is None else term_in_words(amount, unit)
