"""The one PDF renderer (common/pdf.py): it fetches static files and data: images only, every PDF has the
base stylesheet, a structure tree (tagged), a language and a title, and a render that runs too long stops
with a clear error instead of hanging."""

from __future__ import annotations

import base64
import io
import signal
import threading
import time
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from common.pdf import (
    BASE_STYLESHEET,
    PdfRenderError,
    PdfRenderTimeout,
    StaticOnlyFetcher,
    html_to_pdf,
    pdf_language,
    render_pdf,
    static_dir,
)

DOCUMENT = """{% extends "pdf/base.html" %}{% load i18n %}
{% block title %}Proefdocument {{ number }}{% endblock %}
{% block header_left %}<strong>Proef</strong>{% endblock %}
{% block footer %}Vertrouwelijk{% endblock %}
{% block content %}<h1>Proef</h1>{{ extra|safe }}
<table class="fields"><tr><th scope="row">Naam</th><td>{% translate "ja" %}</td></tr></table>
{% endblock %}"""


def _html(extra: str = "") -> str:
    with pdf_language():
        return Template(DOCUMENT).render(Context({"number": 7, "extra": extra}))


def _png_data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "black").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.fixture
def template_dir(settings: object, tmp_path: Path) -> Path:
    """A folder the template engine also reads, for a document made up by a test."""
    engine = dict(settings.TEMPLATES[0])  # type: ignore[attr-defined]
    engine["DIRS"] = [*engine["DIRS"], tmp_path]
    settings.TEMPLATES = [engine, *settings.TEMPLATES[1:]]  # type: ignore[attr-defined]
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/x.css",
        "https://example.invalid/x.png",
        "ftp://example.invalid/x.css",
        "file://example.invalid/static/css/pdf/base.css",  # a file on another host
        "data:text/css,body%7Bcolor:red%7D",  # data: that is not an image
        "data:,hallo",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",  # a vector image is a document that can fetch
    ],
)
def test_the_fetcher_refuses_what_is_not_a_static_file_or_an_image(url: str) -> None:
    with pytest.raises(ValueError):
        StaticOnlyFetcher(static_dir()).fetch(url)


def test_the_fetcher_refuses_files_outside_the_static_dir(tmp_path: Path) -> None:
    fetcher = StaticOnlyFetcher(static_dir())
    outside = tmp_path / "x.css"
    outside.write_text("body { color: red }")
    escaping = static_dir().as_uri() + "/css/../../config/settings/base.py"
    for url in (outside.as_uri(), escaping, "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.files == []


def test_the_fetcher_serves_static_files_and_images(tmp_path: Path) -> None:
    fetcher = StaticOnlyFetcher(static_dir())
    base = static_dir() / BASE_STYLESHEET
    assert b"@page" in fetcher.fetch(base.as_uri()).read()
    assert fetcher.fetch(_png_data_url()).read().startswith(b"\x89PNG")
    assert fetcher.files == [base.resolve()]


@pytest.mark.parametrize(
    "extra",
    [
        '<link rel="stylesheet" href="http://example.invalid/x.css">',
        '<img src="https://example.invalid/x.png" alt="x">',
        '<img src="file:///etc/hostname" alt="x">',
        '<link rel="stylesheet" href="data:text/css,h1%7Bcolor:red%7D">',
    ],
)
def test_a_document_that_asks_for_anything_else_is_not_rendered(extra: str) -> None:
    with pytest.raises(PdfRenderError):
        html_to_pdf(_html(extra))


def test_the_pdf_is_tagged_with_language_and_title() -> None:
    content = html_to_pdf(_html(f'<img src="{_png_data_url()}" alt="Handtekening">'))
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Proefdocument 7"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA-1
    text = reader.pages[0].extract_text()
    assert "Proef" in text and "pagina 1 van 1" in text


def test_the_pdf_is_made_in_the_site_language_whatever_the_user_reads(template_dir: Path) -> None:
    (template_dir / "proef.html").write_text(DOCUMENT.replace("{{ extra|safe }}", ""))
    with translation.override("en"):
        content = render_pdf("proef.html", {"number": 8})
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "ja" in reader.pages[0].extract_text().split()  # {% translate "ja" %} stayed Dutch


def test_a_document_without_the_base_stylesheet_is_refused() -> None:
    html = '<!DOCTYPE html><html lang="nl"><head><title>Los</title></head><body><p>x</p></body></html>'
    with pytest.raises(PdfRenderError, match=r"pdf/base\.html"):
        html_to_pdf(html)


@pytest.mark.parametrize(
    ("find", "replace"), [('lang="nl"', ""), ("<title>Proefdocument 7</title>", "<title></title>")]
)
def test_a_document_without_language_or_title_is_refused(find: str, replace: str) -> None:
    html = _html()
    assert find in html
    with pytest.raises(PdfRenderError, match="title"):
        html_to_pdf(html.replace(find, replace))


def test_progress_is_reported_outside_the_render() -> None:
    seen: list[int] = []
    html_to_pdf(_html(), progress=seen.append)
    assert seen == [75, 90]


def test_a_render_that_hangs_stops_with_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    original = StaticOnlyFetcher.fetch

    def hang(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        time.sleep(30)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", hang)
    handler = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(PdfRenderTimeout, match="afgebroken"):
        html_to_pdf(_html(), timeout=0.3)
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGALRM) is handler  # the alarm is handed back as it was
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_time_limit_follows_the_setting(monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    original = StaticOnlyFetcher.fetch

    def slow(self: StaticOnlyFetcher, url: str, headers: object = None) -> object:
        time.sleep(30)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", slow)
    settings.PDF_RENDER_TIMEOUT = 0.3  # type: ignore[attr-defined]
    with pytest.raises(PdfRenderTimeout):
        html_to_pdf(_html())


def test_a_render_outside_the_main_thread_works_without_the_alarm() -> None:
    results: list[bytes | BaseException] = []

    def run() -> None:
        try:
            results.append(html_to_pdf(_html(), timeout=60))
        except BaseException as exc:  # handed to the test thread
            results.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    assert len(results) == 1 and isinstance(results[0], bytes) and results[0].startswith(b"%PDF")
