"""Placeholder: the WODC/MI monitoring page is being built."""

from django.http import Http404, HttpRequest, HttpResponse


def monitor(request: HttpRequest) -> HttpResponse:
    raise Http404


def monitor_csv(request: HttpRequest) -> HttpResponse:
    raise Http404
