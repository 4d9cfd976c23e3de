"""The case page's tabs of the apps that build on caseplan (``caseplan.hooks.case_tabs``): caseplan's
templates link to them without knowing the apps."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from caseplan.hooks import CaseTab, case_tabs
from caseplan.models import Case

register = template.Library()


def _tab(tab: CaseTab, case: Case, active_tab: str) -> SafeString:
    url = reverse(tab.url_name, args=[case.pk])
    if tab.key == active_tab:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, tab.label)
    return format_html('<a href="{}">{}</a>', url, tab.label)


@register.simple_tag
def extra_case_tabs(case: Case, active_tab: str = "") -> SafeString:
    return format_html_join("\n", "{}", ((_tab(tab, case, active_tab),) for tab in case_tabs()))
