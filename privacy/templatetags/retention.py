"""Template filters of the retention pages: a term in words ("1 jaar", "5 jaren", "90 dagen")."""

from __future__ import annotations

from django import template
from django.utils.translation import ngettext

from privacy.models import TermUnit

register = template.Library()


@register.filter
def term(amount: int | None, unit: str) -> str:
    """``{{ rule.term_amount|term:rule.term_unit }}``."""
    if amount is None:
        return ""
    if unit == TermUnit.DAYS:
        return ngettext("%(n)d dag", "%(n)d dagen", amount) % {"n": amount}
    if unit == TermUnit.MONTHS:
        return ngettext("%(n)d maand", "%(n)d maanden", amount) % {"n": amount}
    return ngettext("%(n)d jaar", "%(n)d jaren", amount) % {"n": amount}
