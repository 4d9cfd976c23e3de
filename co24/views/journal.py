"""Placeholder until the views are built."""

from django.http import Http404, HttpRequest, HttpResponse


def journal(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


def signal_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
