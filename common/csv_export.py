"""CSV downloads that spreadsheet programs open safely: UTF-8 with a byte-order mark, semicolons (the Dutch
spreadsheet default), and no cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Spreadsheet formula injection guard: text that a spreadsheet would run as a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(rows: Iterable[Sequence[object]], *, filename: str) -> HttpResponse:
    """A download of ``rows`` as ``filename``, every cell passed through ``csv_safe``."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return response
