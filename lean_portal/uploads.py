"""Uploaded scans and certificates: recognised by their content, never by their name.

Every app that takes a signed scan or a certificate checks it here, so the accepted
formats, the size messages and the stored names are the same across the portal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

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
