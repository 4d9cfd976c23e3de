"""Files for upload tests, made in memory: real images and PDFs, and the hostile ones a probe sends
(an HTML page renamed .pdf, a text that merely starts with ``%PDF-``, an image whose pixels explode)."""

from __future__ import annotations

import base64
import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
FAKE_PDF = b"%PDF-1.7\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def huge_png(width: int, height: int) -> bytes:
    """A real, decodable black PNG of width × height pixels that is only kilobytes: 1 bit per pixel and
    rows of zeros compress to almost nothing (20000 × 20000 is about 50 kB)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte "none" and the packed bits
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(height)]
    parts.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), "white")
    for x in range(width):
        image.putpixel((x, height // 2), (0, 0, 0))
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf() -> bytes:
    """A real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def oversize(limit: int, head: bytes = b"%PDF-1.4\n") -> bytes:
    return head + b"0" * (limit + 1 - len(head))


def image_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size
