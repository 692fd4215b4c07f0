"""Every sort label and ``aria-label`` a person sees or hears is Russian, descending sorts in one style,
and every page links the favicon. The demo district is crawled from the home page, as each role."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.staticfiles import finders

from lean_portal.ordering import DESCENDING

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Latin words a Russian interface may say: names of formats and codes.
ALLOWED_LATIN = {"QR", "PDF", "Excel", "xlsx", "ID", "WCAG"}
LATIN_WORD = re.compile(r"[A-Za-z]+")
ROMAN = re.compile(r"[IVX]+")
SKIP = re.compile(r"/(logout|admin|export|pdf|sheet\.pdf|report\.xlsx|scan|static|media)\b|\.(pdf|xlsx)$")
MAX_PAGES = 120


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.aria: list[str] = []
        self.links: list[str] = []
        self.sort_options: list[tuple[str, str]] = []
        self.sort_links: list[str] = []
        self.icons: list[str] = []
        self._select_o = False
        self._option: str | None = None
        self._option_text: list[str] = []
        self._sort_link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "aria-label" in a:
            self.aria.append(a["aria-label"] or "")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
            if re.search(r"[?&](amp;)?o=", a["href"]):
                self._sort_link = []
        if tag == "link" and "icon" in (a.get("rel") or ""):
            self.icons.append(a.get("href") or "")
        if tag == "select" and a.get("name") == "o":
            self._select_o = True
        if tag == "option" and self._select_o:
            self._option, self._option_text = a.get("value", ""), []

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self.sort_options.append((self._option, " ".join("".join(self._option_text).split())))
            self._option = None
        if tag == "select":
            self._select_o = False
        if tag == "a" and self._sort_link is not None:
            self.sort_links.append(" ".join("".join(self._sort_link).split()))
            self._sort_link = None

    def handle_data(self, data):
        if self._option is not None:
            self._option_text.append(data)
        if self._sort_link is not None:
            self._sort_link.append(data)


def russian(text: str) -> bool:
    latin = {w for w in LATIN_WORD.findall(text) if not ROMAN.fullmatch(w)}  # «III кв.» is Russian
    return bool(CYRILLIC.search(text)) and not latin - ALLOWED_LATIN


def crawl(client) -> dict[str, Page]:
    seen: dict[str, Page] = {}
    queue = ["/"]
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        seen[url] = page
        for href in page.links:
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            # One page per path and per sort: enough to see every label without walking every page number.
            key = parts.path + ("?" + parts.query if "o=" in parts.query and "page=" not in parts.query else "")
            if key not in seen and key not in queue:
                queue.append(key)
    return seen


@pytest.mark.parametrize("username", ["economy", "department"])
def test_sort_labels_and_aria_labels_are_russian(client, module_demo, username):
    from orgs.models import User

    client.force_login(User.objects.get(username=username))
    pages = crawl(client)
    assert len(pages) > 25, sorted(pages)
    wrong = []
    sorted_pages = 0
    for url, page in pages.items():
        wrong += [(url, "aria-label", label) for label in page.aria if not russian(label)]
        wrong += [(url, "sort", label) for _, label in page.sort_options if not russian(label)]
        wrong += [(url, "sort link", label) for label in page.sort_links if label and not russian(label)]
        for value, label in page.sort_options:
            if value.startswith("-") and not label.endswith(DESCENDING.format("")):
                wrong.append((url, "descending sort style", label))
        sorted_pages += bool(page.sort_options)
        assert page.icons and all(finders.find(icon.split("/static/", 1)[-1]) for icon in page.icons), url
    assert sorted_pages >= 5
    assert not wrong, wrong
