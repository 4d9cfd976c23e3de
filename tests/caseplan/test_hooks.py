"""caseplan reaches deadlines and nazorg only through its hooks (the import rules forbid importing them);
the apps register their implementations when Django starts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from caseplan import hooks
from deadlines.hooks import CaseplanDeadlines, deadline_figures
from nazorg.hooks import release_figure


def test_deadlines_and_nazorg_register_their_hooks():
    assert isinstance(hooks.deadline_keeper(), CaseplanDeadlines)
    assert deadline_figures in hooks._registry.deadline_figures
    assert release_figure in hooks._registry.release_figures


def test_without_a_deadline_keeper_caseplan_names_the_missing_app(monkeypatch):
    monkeypatch.setattr(hooks._registry, "deadline_keeper", None)
    with pytest.raises(ImproperlyConfigured, match="'deadlines' to INSTALLED_APPS"):
        hooks.deadline_keeper()


def test_the_dashboard_figures_are_left_out_without_a_provider(monkeypatch):
    monkeypatch.setattr(hooks._registry, "release_figures", [])
    monkeypatch.setattr(hooks._registry, "deadline_figures", [])
    assert hooks.release_figure(object()) is None
    assert hooks.deadline_figures(None, str, None) == []
