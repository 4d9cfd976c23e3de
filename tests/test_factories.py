"""Every concrete model of the project's apps has a factory, and every factory makes a valid, saved object."""

from __future__ import annotations

import inspect
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from simple_history.models import HistoricalChanges

import tests.factories

ROOT = Path(settings.BASE_DIR).resolve()
# The apps in the project's own top-level packages (third-party apps live in site-packages).
PROJECT_APPS = sorted(
    config.label for config in apps.get_app_configs() if Path(config.path).resolve().parent == ROOT
)
FACTORIES = sorted(
    (
        member
        for _name, member in inspect.getmembers(tests.factories, inspect.isclass)
        if issubclass(member, factory.django.DjangoModelFactory) and member._meta.model is not None
    ),
    key=lambda member: member.__name__,
)


# Fields that full_clean() would refuse empty although a valid row leaves them empty, with the reason.
NOT_CLEANED = {
    "privacy.AccessLog": (
        ["detention_id"],
        "the ids are null for what a read did not touch; privacy.services.access_log_record writes rows "
        "without full_clean()",
    ),
}


def _without_factory_reason(model: type[models.Model]) -> str:
    """Why a model needs no factory of its own; empty when it does."""
    if issubclass(model, HistoricalChanges):
        return "django-simple-history writes it on every save of the model it tracks"
    return ""


def test_the_project_apps_are_found() -> None:
    assert {"privacy", "caseplan", "nazorg", "co24", "deadlines", "notifications", "ops", "overleg"} <= set(
        PROJECT_APPS
    )


def test_every_concrete_model_of_the_project_apps_has_a_factory() -> None:
    covered = {member._meta.model for member in FACTORIES}
    missing = sorted(
        model._meta.label
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.abstract
        and not model._meta.proxy
        and model not in covered
        and not _without_factory_reason(model)
    )
    assert not missing, f"give these models a factory in tests/factories/: {missing}"


@pytest.mark.parametrize("model_factory", FACTORIES, ids=[member.__name__ for member in FACTORIES])
def test_a_factory_makes_a_valid_saved_object(
    db: None, model_factory: type[factory.django.DjangoModelFactory[models.Model]]
) -> None:
    made = model_factory.create()
    model = model_factory._meta.model
    assert isinstance(made, model)
    assert model._default_manager.filter(pk=made.pk).exists()
    exclude, _reason = NOT_CLEANED.get(model._meta.label, ([], ""))
    made.full_clean(exclude=exclude)
    second = model_factory.create()
    assert second.pk != made.pk, "a second call makes a second object"
    second.full_clean(exclude=exclude)
