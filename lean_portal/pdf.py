"""PDF documents rendered with WeasyPrint.

One HTML template per document; the caller builds the context. Rendering runs
in-process with one shared font configuration, and the URL fetcher serves only
the portal's own static files and ``data:`` URIs: nothing is read from the
network or from the file system outside the static files.

Add ``?html=1`` handling in a view with ``pdf_or_html_response`` to see the HTML a
PDF is made from (for debugging layouts).
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered as if served from this origin, so that ``{% static %}``
# paths resolve to URLs the fetcher below recognises.
PDF_BASE_URL = "https://pdf.portal.invalid/"

_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class StaticOnlyFetcher(URLFetcher):
    """Serves the portal's static files and ``data:`` URIs; refuses everything else."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(static_prefix):
            raise ValueError(f"PDF documents may only use the portal's static files, not {url}")
        relative = unquote(parts.path[len(static_prefix) :])
        if ".." in relative.split("/"):
            raise ValueError(f"Refused path {url}")
        path = finders.find(relative)
        if path is None and staticfiles_storage.exists(relative):
            path = staticfiles_storage.path(relative)
        if path is None:
            raise ValueError(f"No static file {relative}")
        with open(path, "rb") as handle:
            body = handle.read()
        mime = "text/css" if relative.endswith(".css") else None
        return URLFetcherResponse(url, body, {"Content-Type": mime} if mime else {})


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    html = render_html(template_name, context)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(font_config=font_config())


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    # RFC 5987 encoding for Cyrillic file names; ASCII fallback for old clients.
    response["Content-Disposition"] = f"{disposition}; filename=\"document.pdf\"; filename*=UTF-8''{quote(filename)}"
    return response


def pdf_or_html_response(request, template_name: str, context: dict, filename: str) -> HttpResponse:
    """The PDF, or with ``?html=1`` (in DEBUG or for administrators) the HTML it is made from."""
    if request.GET.get("html") and (settings.DEBUG or request.user.is_portal_admin):
        return HttpResponse(render_html(template_name, context))
    return pdf_response(render_pdf(template_name, context), filename)


def qr_data_uri(content: str, *, scale: int = 3) -> str:
    """An SVG QR code of ``content`` as a ``data:`` URI, for PDFs and pages."""
    # segno's data URI keeps the SVG namespace, without which browsers refuse the image.
    return segno.make(content, error="m").svg_data_uri(scale=scale, border=1)
