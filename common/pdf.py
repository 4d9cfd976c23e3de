"""The one PDF renderer: every PDF the application makes (the maatwerkplan, the signed gedragscontract, the
CO24 dossier and whatever comes next) is an HTML template laid out by WeasyPrint here.

- A PDF template extends ``pdf/base.html``: it links the one base page stylesheet (``css/pdf/base.css``:
  A4, margins, the running header and footer with page numbers, fonts, tables) and adds its own small
  stylesheet for what only that document has. The renderer refuses a document that skipped the base.
- WeasyPrint fetches through ``StaticOnlyFetcher``: files inside the project's static directory, read from
  disk, and ``data:`` URLs of raster images (a client's photo, a drawn signature). Nothing else: no HTTP,
  no ``file:`` outside the static directory, no other ``data:`` content. A refused URL stops the render.
- The output is a tagged PDF (PDF/UA-1 as WeasyPrint implements it: a structure tree, ``MarkInfo``),
  with the document language from ``<html lang>`` and the title from ``<title>``; both are required.
- Rendering is bounded: after ``settings.PDF_RENDER_TIMEOUT`` seconds the caller gets ``PdfRenderTimeout``
  instead of waiting. The bound needs a POSIX alarm, so it holds in the main thread (gunicorn's sync
  workers, Celery's prefork workers, the tests); a render in another thread runs unbounded.

Domain-free: this module knows templates, static files and WeasyPrint, not cases or clients."""

from __future__ import annotations

import datetime
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

BASE_TEMPLATE = "pdf/base.html"
BASE_STYLESHEET = "css/pdf/base.css"
PDF_VARIANT = "pdf/ua-1"  # implies pdf_tags=True in WeasyPrint
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
DEFAULT_TIMEOUT = 120.0

ProgressCallback = Callable[[int], None]


class PdfRenderError(Exception):
    """The PDF could not be made (a permanent error: retrying will not help)."""


class PdfRenderTimeout(PdfRenderError):
    """The PDF took longer than the time limit; WeasyPrint was stopped."""


class _Deadline(BaseException):
    """Raised by the alarm inside WeasyPrint: a BaseException, so that none of WeasyPrint's
    ``except Exception`` blocks (images, fonts) takes it for a broken resource and carries on."""


def static_dir() -> Path:
    """The project's static directory on disk (the source, not collectstatic's copy)."""
    return Path(settings.BASE_DIR) / "static"


def date_text(value: datetime.date | None) -> str:
    """A date as printed on paper: dd-mm-jjjj; empty when there is none."""
    return value.strftime("%d-%m-%Y") if value else ""


@contextmanager
def pdf_language() -> Iterator[None]:
    """PDFs are made in the site's language, whatever the requesting user's language: build the context
    (labels, choice displays) inside this block; ``render_html`` renders the template inside it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


class StaticOnlyFetcher(URLFetcher):
    """Files inside ``root`` and ``data:`` URLs of raster images; anything else stops the render."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._root = root.resolve()
        self.files: list[Path] = []  # what was read, in order (the renderer checks the base stylesheet)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.partition(":")[0].lower()
        if scheme == "file":
            self.files.append(self._static_file(url))
        elif scheme == "data":
            self._check_image(url)
        else:
            raise ValueError(f"only static files and data: images may be fetched, not {url[:200]}")
        return super().fetch(url, headers)

    def _static_file(self, url: str) -> Path:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.netloc not in ("", "localhost") or not path.is_relative_to(self._root):
            raise ValueError(f"outside the static directory: {url[:200]}")
        return path

    @staticmethod
    def _check_image(url: str) -> None:
        header = url[len("data:") :].partition(",")[0]
        media_type = header.partition(";")[0].strip().lower()
        if media_type not in IMAGE_TYPES:
            raise ValueError(f"data: URL that is not an image ({media_type or 'text/plain'})")


@contextmanager
def _time_limit(deadline: float) -> Iterator[None]:
    """Raise ``_Deadline`` inside the block once ``time.monotonic()`` passes ``deadline`` (main thread only;
    a timer someone else already set is left alone, and then the block runs unbounded)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Deadline
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return
    armed = True

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise _Deadline

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, remaining)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timeout() -> float:
    return float(getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT))


def render_html(template_name: str, context: Mapping[str, Any]) -> str:
    """The PDF's HTML, rendered in the site's language."""
    with pdf_language():
        return render_to_string(template_name, dict(context))


def _check_document(document: Document, fetcher: StaticOnlyFetcher) -> None:
    base = (static_dir() / BASE_STYLESHEET).resolve()
    if base not in fetcher.files:
        raise PdfRenderError(f"a PDF template must extend {BASE_TEMPLATE} (it links {BASE_STYLESHEET})")
    metadata = document.metadata
    if not metadata.title or not metadata.lang:
        raise PdfRenderError("a PDF needs a <title> and <html lang> (its title and language metadata)")


def html_to_pdf(
    html: str, *, progress: ProgressCallback | None = None, timeout: float | None = None
) -> bytes:
    """Lay out ``html`` (which links its stylesheets relative to the static directory) and return the PDF.

    ``progress`` hears 75 after the layout and 90 once the PDF is written; it is called outside the time
    limit, so it may safely touch the database."""
    limit = _timeout() if timeout is None else timeout
    deadline = time.monotonic() + limit
    root = static_dir()
    fetcher = StaticOnlyFetcher(root)
    try:
        with _time_limit(deadline):
            document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render(
                pdf_variant=PDF_VARIANT
            )
        _check_document(document, fetcher)
        if progress is not None:
            progress(75)
        with _time_limit(deadline):
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    except _Deadline:
        raise PdfRenderTimeout(
            _("Het maken van de PDF duurde langer dan %(seconds)d seconden en is afgebroken.")
            % {"seconds": limit}
        ) from None
    except FatalURLFetchingError as exc:  # a BaseException: turn it into an ordinary, permanent error
        raise PdfRenderError(f"{exc}: {exc.__cause__}") from exc
    if not pdf:
        raise PdfRenderError(_("WeasyPrint gaf een leeg document terug."))
    if progress is not None:
        progress(90)
    return bytes(pdf)


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    progress: ProgressCallback | None = None,
    timeout: float | None = None,
) -> bytes:
    """The PDF of ``template_name`` (which extends ``pdf/base.html``) with ``context``, as bytes; nothing is
    stored. ``progress`` hears 25 once the HTML is rendered, then 75 and 90 (see ``html_to_pdf``)."""
    html = render_html(template_name, context)
    if progress is not None:
        progress(25)
    return html_to_pdf(html, progress=progress, timeout=timeout)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A rendered PDF as a download that no shared cache keeps (it carries client data)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
