"""Content-Security-Policy: every page is sent with a policy that allows scripts only from the
portal's own files, and no template carries an inline script, an inline event handler or a
``javascript:`` URL that such a policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import client_for

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
# <script> with content (json_script data blocks are not scripts and are allowed).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "healthz"])
def test_anonymous_pages_carry_the_policy(client, url_name):
    response = client.get(reverse(url_name))
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


@pytest.mark.django_db
def test_logged_in_pages_carry_the_policy(client, department_user):
    response = client_for(client, department_user).get(reverse("home"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def template_files():
    for directory in TEMPLATE_DIRS:
        yield from directory.rglob("*.html")


def test_templates_have_no_inline_script():
    offenders = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for pattern, what in (
            (INLINE_SCRIPT, "inline <script>"),
            (INLINE_HANDLER, "on…= handler"),
            (JAVASCRIPT_URL, "javascript: URL"),
        ):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{line}: {what}")
    assert not offenders, "blocked by the Content-Security-Policy (script-src 'self'):\n" + "\n".join(offenders)


def test_the_checks_catch_what_they_look_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/portal.js"></script>')
    assert not INLINE_SCRIPT.search('<script id="data" type="application/json">{}</script>')
    assert INLINE_HANDLER.search('<button onclick="window.print()">')
    assert not INLINE_HANDLER.search('<button data-print class="btn">')
