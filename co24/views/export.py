"""Placeholder until the views are built."""

from django.http import Http404, HttpRequest, HttpResponse


def export(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404
