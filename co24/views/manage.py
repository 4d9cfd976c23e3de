"""Placeholder until the views are built."""

from django.http import Http404, HttpRequest, HttpResponse


def enrol(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def callers(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def caller_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def checklist(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def checklist_new_version(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def checklist_item_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def checklist_item_remove(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def checklist_activate(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def rules(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def rule_disable(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
