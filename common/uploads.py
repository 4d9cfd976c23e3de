"""One check for every file a user hands in: its type by content (never by the name or the declared type),
its size in bytes, and for an image its width and height, read from the header before a pixel is decoded.

Each kind of upload (a client's photo, a scan, a signature drawn on a tablet) is an ``UploadKind`` with its
limits. ``check_upload`` returns a ``CheckedFile``: the bytes under a random name with the extension of
what they are, so no uploaded name (often the client's) reaches the disk. Forms use ``UploadField``;
services call ``check_upload`` too, and a file a form already checked is not checked twice.

A PDF must really parse (pypdf reads its cross-reference table, trailer and pages); an image must decode.
An image that would decode to too many pixels (a decompression bomb) is refused with a clear error."""

from __future__ import annotations

import io
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

MB = 1024 * 1024
PDF, JPEG, PNG = "pdf", "jpeg", "png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
CONTENT_TYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}
LABELS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG"}
MAGIC = ((PDF, b"%PDF-"), (PNG, b"\x89PNG\r\n\x1a\n"), (JPEG, b"\xff\xd8\xff"))
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
# What Pillow raises on a broken or hostile image, the decompression bomb included (its warning too,
# where warnings are turned into errors).
IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    MemoryError,
)


@dataclass(frozen=True)
class UploadKind:
    """What one upload input accepts. ``fit``: an image larger than this box is scaled down to fit it
    (proportions kept) before it is stored, e.g. a signature to the size it is printed at."""

    label: StrOrPromise  # lower case, with its article: "de foto"
    formats: tuple[str, ...]
    max_bytes: int
    max_width: int
    max_height: int
    max_pixels: int
    fit: tuple[int, int] | None = None
    # Re-encode an image without its metadata: a phone photo's EXIF carries where and when it was taken.
    strip_metadata: bool = False


PHOTO = UploadKind(gettext_lazy("de foto"), (JPEG, PNG), 5 * MB, 8000, 8000, 20_000_000, strip_metadata=True)
SCAN = UploadKind(gettext_lazy("de scan"), (PDF, JPEG, PNG), 10 * MB, 10000, 10000, 40_000_000)
# The canvas is 600 × 180; a high-density tablet doubles or triples that. Printed at most 70 × 24 mm.
DRAWN_SIGNATURE = UploadKind(
    gettext_lazy("de getekende handtekening"), (PNG,), 2 * MB, 2000, 1000, 2_000_000, fit=(900, 300)
)


class CheckedFile(ContentFile):
    """Bytes that passed ``check_upload`` for ``kind``, named ``<random>.<extension of the content>``."""

    def __init__(self, content: bytes, *, kind: UploadKind, file_format: str) -> None:
        super().__init__(content, name=f"{uuid.uuid4().hex}.{EXTENSIONS[file_format]}")
        self.data = content
        self.kind = kind
        self.file_format = file_format
        self.content_type = CONTENT_TYPES[file_format]


def _formats_text(formats: tuple[str, ...]) -> str:
    labels = [LABELS[name] for name in formats]
    if len(labels) == 1:
        return labels[0]
    return _("%(list)s of %(last)s") % {"list": ", ".join(labels[:-1]), "last": labels[-1]}


def _error(message: str, code: str, field: str | None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: [error]}) if field else error


def _read(upload: File | bytes, kind: UploadKind) -> bytes | None:
    """The bytes, or None when there are more than ``kind.max_bytes`` (a large file is not read whole)."""
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > kind.max_bytes:
            return None
        upload.seek(0)
        data = upload.read(kind.max_bytes + 1)
        upload.seek(0)
    return None if len(data) > kind.max_bytes else data


def _sniff(data: bytes) -> str | None:
    return next((name for name, magic in MAGIC if data.startswith(magic)), None)


def _pdf_ok(data: bytes) -> bool:
    """A real PDF: pypdf finds the cross-reference table, the trailer and at least one page."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return False
        return len(reader.pages) > 0
    except Exception as exc:  # pypdf raises many kinds on a broken file; every one means "not a PDF"
        logger.info("upload refused: not a readable PDF (%s)", type(exc).__name__)
        return False


def _image(data: bytes, file_format: str, kind: UploadKind, field: str | None) -> bytes:
    """Check the dimensions from the header, then decode the image; scale it down to ``kind.fit``."""
    what = capfirst(kind.label)
    try:
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[file_format]]) as image:
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _error(_too_many_pixels(kind), "image_pixels", field) from exc
    except IMAGE_ERRORS as exc:
        raise _error(_invalid_image(kind), "image_invalid", field) from exc
    if width * height > kind.max_pixels:
        raise _error(_too_many_pixels(kind), "image_pixels", field)
    if width > kind.max_width or height > kind.max_height:
        message = _(
            "%(what)s is te groot: %(width)s × %(height)s pixels; het maximum is %(max_width)s × "
            "%(max_height)s pixels."
        ) % {
            "what": what,
            "width": width,
            "height": height,
            "max_width": kind.max_width,
            "max_height": kind.max_height,
        }
        raise _error(message, "image_dimensions", field)
    try:
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[file_format]]) as image:
            image.verify()  # the PNG checksums; cheap
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[file_format]]) as image:
            if file_format == JPEG and not (kind.fit or kind.strip_metadata):  # 1/8 scale: less memory
                image.draft(None, (max(1, width // 8), max(1, height // 8)))
            image.load()  # every pixel decodes: a truncated or corrupt image is refused here
            if kind.fit and (width > kind.fit[0] or height > kind.fit[1]):
                return _fitted(image, kind.fit, file_format)
            if kind.strip_metadata:
                return _without_metadata(image, file_format)
    except IMAGE_ERRORS as exc:
        raise _error(_invalid_image(kind), "image_invalid", field) from exc
    return data


def _fitted(image: Image.Image, box: tuple[int, int], file_format: str) -> bytes:
    image.thumbnail(box, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format=PIL_FORMATS[file_format], optimize=True)
    return buffer.getvalue()


def _without_metadata(image: Image.Image, file_format: str) -> bytes:
    """The pixels only, turned the way the camera meant them: no EXIF (GPS, time, device), no comments."""
    upright = ImageOps.exif_transpose(image) or image
    clean = upright.copy()
    clean.info = {}
    buffer = io.BytesIO()
    options = {"quality": 90, "optimize": True} if file_format == JPEG else {"optimize": True}
    clean.save(buffer, format=PIL_FORMATS[file_format], **options)
    return buffer.getvalue()


def _too_many_pixels(kind: UploadKind) -> str:
    return _("%(what)s heeft te veel pixels; het maximum is %(megapixels)s megapixel.") % {
        "what": capfirst(kind.label),
        "megapixels": f"{kind.max_pixels / 1_000_000:g}",
    }


def _invalid_image(kind: UploadKind) -> str:
    if kind.formats == (PNG,):
        return _("%(what)s is geen geldige PNG.") % {"what": capfirst(kind.label)}
    return _("%(what)s is geen geldige afbeelding of is beschadigd.") % {"what": capfirst(kind.label)}


def check_upload(upload: File | bytes, kind: UploadKind, *, field: str | None = None) -> CheckedFile:
    """The upload as a ``CheckedFile``, or a ValidationError (on ``field`` when given) in plain Dutch."""
    if isinstance(upload, CheckedFile) and upload.kind is kind:
        return upload
    data = _read(upload, kind)
    if data is None:
        message = _("%(what)s is groter dan %(limit)s MB. Kies een kleiner bestand.") % {
            "what": capfirst(kind.label),
            "limit": f"{kind.max_bytes / MB:g}",
        }
        raise _error(message, "upload_size", field)
    if not data:
        raise _error(_("%(what)s is leeg.") % {"what": capfirst(kind.label)}, "upload_empty", field)
    file_format = _sniff(data)
    if file_format not in kind.formats:
        if kind.formats == (PNG,):
            raise _error(_invalid_image(kind), "upload_type", field)
        message = _("Lever %(what)s aan als %(formats)s.") % {
            "what": kind.label,
            "formats": _formats_text(kind.formats),
        }
        raise _error(message, "upload_type", field)
    if file_format == PDF:
        if not _pdf_ok(data):
            message = _("%(what)s is geen geldig PDF-bestand.") % {"what": capfirst(kind.label)}
            raise _error(message, "pdf_invalid", field)
    else:
        data = _image(data, file_format, kind, field)
    return CheckedFile(data, kind=kind, file_format=file_format)


class UploadField(forms.FileField):
    """A form's file input for one ``UploadKind``: cleans to a ``CheckedFile`` (or None / False)."""

    def __init__(self, *, kind: UploadKind, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.pop("max_length", None)  # the stored name is ours, never the uploaded one
        accept = ",".join(CONTENT_TYPES[name] for name in kind.formats)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def to_python(self, data: Any) -> CheckedFile | None:
        upload = super().to_python(data)
        if upload is None:
            return None
        return check_upload(upload, self.kind)
