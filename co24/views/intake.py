"""Placeholder until the views are built."""

from django.http import Http404, HttpRequest, HttpResponse


def intake(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def intake_search(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def signal_new(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
