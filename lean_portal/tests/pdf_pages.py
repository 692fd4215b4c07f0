"""Page-by-page checks of a rendered PDF (pypdf text per page), shared by the document tests.

``check_pages`` asserts what «print that looks made by hand» means for the portal's documents:
no page without body content except the title page (a page holding only a heading, a footer or
nothing fails), and no heading as the last line of a page.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from pypdf import PdfReader

# Page numbers and running footers: not content.
FOOTER_RE = re.compile(r"^(стр\.|страница)\s*\d+\s*из\s*\d+$", re.IGNORECASE)
HEADING_TAGS = {"h1", "h2", "h3", "h4", "caption"}


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.current: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in HEADING_TAGS or (tag == "tr" and {"group", "section"} & set(classes)):
            if self.depth == 0:
                self.current = []
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and (tag in HEADING_TAGS or tag == "tr"):
            self.depth -= 1
            if self.depth == 0:
                self.found.append(_norm(" ".join(self.current)))

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def headings_of(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    return [h for h in parser.found if h]


def page_lines(pdf: bytes) -> list[list[str]]:
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [_norm(line) for line in page.extract_text().splitlines()]
        pages.append([line for line in lines if line])
    return pages


def _is_heading_line(line: str, headings: list[str]) -> bool:
    """The line is a heading, or the last line of a heading wrapped over several lines."""
    return any(line == h or (len(line) >= 12 and h.endswith(line)) for h in headings)


def body_lines(lines: list[str], running: tuple[str, ...] = ()) -> list[str]:
    """A page's lines without page numbers and running headers/footers."""
    return [line for line in lines if not FOOTER_RE.match(line) and not any(r in line for r in running)]


def check_pages(pdf: bytes, html: str, *, running: tuple[str, ...] = (), min_body_lines: int = 2) -> list[list[str]]:
    """Asserts the page rules; returns the pages' lines for further checks."""
    headings = headings_of(html)
    pages = page_lines(pdf)
    for number, lines in enumerate(pages, start=1):
        body = body_lines(lines, running)
        content = [line for line in body if not _is_heading_line(line, headings)]
        if number > 1:
            assert len(content) >= min_body_lines, f"page {number} holds no content: {body}"
        if body and number < len(pages):
            assert not _is_heading_line(body[-1], headings), f"page {number} ends with a heading: {body[-1]!r}"
    return pages
