"""Uploaded scans and certificates: recognised by their content, never by their name.

Every app that takes a signed scan or a certificate checks it here, so the accepted
formats, the size messages and the stored names are the same across the portal.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone

# The first bytes of each accepted format, and the extension stored for it.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
FORMATS_TEXT = "PDF, JPEG или PNG"


def detect_type(upload) -> str | None:
    """The extension of the format ``upload`` really is, or None when it is none of ours."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((extension for signature, extension in SIGNATURES if head.startswith(signature)), None)


def check_document(upload, *, max_mb: int, stem: str) -> str:
    """Refuse an oversize file or one that is not PDF/JPEG/PNG by content (Russian message);
    otherwise name the upload ``<stem>.<extension of its real format>`` and return the extension.

    The uploader's own file name is never kept: storage gives the file a random name.
    """
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(f"Файл больше {max_mb} МБ: уменьшите разрешение скана.")
    extension = detect_type(upload)
    if extension is None:
        raise ValidationError(f"Это не {FORMATS_TEXT}. Загрузите скан в одном из этих форматов.")
    upload.name = f"{stem}.{extension}"
    return extension


# How each accepted format is served: inline with its own type. Anything else (a file stored
# before the content check existed) goes as a download the browser does not render.
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}


def upload_path(folder: str, filename: str, *, year: int | None = None) -> str:
    """The stored name of an upload: ``<folder>/<year>/<32 random hex>.<extension>`` — nothing
    guessable, nothing the uploader chose. The extension is the one ``check_document`` matched
    against the content; ``year`` defaults to this year."""
    extension = filename.rsplit(".", 1)[-1].lower()[:4] if "." in filename else "bin"
    return f"{folder}/{year or timezone.localdate().year}/{secrets.token_hex(16)}.{extension}"


def file_response(stored, *, stem: str) -> FileResponse:
    """Serve a stored scan or certificate as ``<stem>.<extension>`` to a user the caller has
    already let read its record (``<app>/access.py``): inline when it is one of our formats,
    a download otherwise, never sniffed; 404 when the record has no file or storage lost it."""
    if not stored:
        raise Http404("Файл не приложен.")
    extension = stored.name.rsplit(".", 1)[-1].lower()
    try:
        handle = stored.open("rb")
    except FileNotFoundError:  # the stored file is gone (lost volume, deleted object, partial restore)
        raise Http404("Файл не найден в хранилище.") from None
    content_type = CONTENT_TYPES.get(extension)
    response = FileResponse(
        handle,
        content_type=content_type or "application/octet-stream",
        as_attachment=content_type is None,
        filename=f"{stem}.{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
