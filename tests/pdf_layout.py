"""Checks on a PDF's layout and text that every printed document must pass: nothing runs past the page's
margins, and the text can be read back (wrapping differs between layout and extraction)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from weasyprint import HTML

from common.pdf import StaticOnlyFetcher, static_dir

TOLERANCE = 0.5  # CSS pixels: rounding in the layout


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of whitespace made one space."""
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Without any whitespace: for phrases a line may break anywhere in."""
    return re.sub(r"\s+", "", text)


def boxes_outside_the_margins(html: str) -> list[str]:
    """Lay out ``html`` as the renderer does and name every box of the page content (not the running header
    and footer, which live in the margins) whose border box reaches past the left or right margin."""
    root = static_dir()
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=StaticOnlyFetcher(root)).render()
    outside = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        left = page_box.content_box_x()
        right = left + page_box.width
        content = page_box.children[0]  # the html box; the margin boxes follow it
        for box in content.descendants():
            if not hasattr(box, "border_box_x") or box.width is None:
                continue
            x = box.border_box_x()
            if x < left - TOLERANCE or x + box.border_width() > right + TOLERANCE:
                classes = getattr(box, "element", None)
                label = classes.get("class", "") if classes is not None else ""
                outside.append(
                    f"page {number}: <{box.element_tag} class={label!r}> {x:.1f}-{x + box.border_width():.1f}"
                )
    return outside
