"""Placeholder until the views are built."""

from django.http import Http404, HttpRequest, HttpResponse


def alerts(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def acknowledge(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def handle(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
