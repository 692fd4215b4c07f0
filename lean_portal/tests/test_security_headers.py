"""Response headers on every route of the access matrix (issue 16, item 4): every answer to a
logged-in user — pages, exports, PDFs, scans — is ``Cache-Control: private, no-store``; every
answer carries ``Permissions-Policy``. Also: the deploy check of the shared cache (item 8)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.cache import get_max_age

from lean_portal.checks import shared_cache_with_several_workers
from lean_portal.tests.test_access_matrix import (  # noqa: F401 - fixtures used by name
    ROUTES,
    _matrix_settings,
    admin_urls,
    expected,
    log_in,
    media_root,
    owners_of,
    request,
    urls_for,
    world,
)

pytestmark = pytest.mark.django_db

FILE_ROUTES = {
    "projects:export",
    "projects:pdf",
    "projects:scan",
    "scoring:sheet",
    "scoring:ranking-export",
    "reporting:export",
    "reporting:selfassessment-scan",
    "reporting:selfassessment-pdf",
    "registries:training-certificate",
    "plan:report-pdf",
    "plan:report-xlsx",
}


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _readers(route):
    """Every (role, owner) whose GET the matrix lets through (200), one per role."""
    seen = set()
    for role in ("anonymous", "department", "school", "director", "economy", "admin"):
        for owner in owners_of(route):
            if role not in seen and expected(route, role, owner, "GET") == 200:
                seen.add(role)
                yield role, owner


def test_file_routes_are_in_the_matrix():
    assert {route.name for route in ROUTES} >= FILE_ROUTES


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.post_only], ids=lambda r: f"{r.name}[{r.kind}]")
def test_every_route_sends_the_security_headers(route, world):  # noqa: F811
    client = Client()
    wrong = []
    for role, owner in _readers(route):
        log_in(client, world, role)
        urls = admin_urls()[:3] if route.kind == "admin_pages" else urls_for(route, world, owner)
        for url in urls:
            response, _ = request(client, "GET", url)
            if response.status_code != 200:
                wrong.append(f"{url} as {role}: {response.status_code}")
                continue
            if "camera=()" not in response.get("Permissions-Policy", ""):
                wrong.append(f"{url} as {role}: Permissions-Policy {response.get('Permissions-Policy')!r}")
            if role != "anonymous":
                directives = _directives(response)
                if not {"private", "no-store"} <= directives or "public" in directives or get_max_age(response):
                    wrong.append(f"{url} as {role}: Cache-Control {response.get('Cache-Control')!r}")
    assert not wrong, "\n".join(wrong)


def test_redirects_and_errors_of_logged_in_users_are_not_stored_either(client, department_user):
    client.force_login(department_user)
    for url in ("/projects/999999/", "/login/", "/scoring/?year=1e5"):
        response = client.get(url)
        assert response.status_code in (302, 400, 404), url
        assert {"private", "no-store"} <= _directives(response), url


def test_anonymous_answers_carry_the_permissions_policy_too(client):
    for url in ("/login/", "/healthz", "/no-such-page/"):
        assert "geolocation=()" in client.get(url)["Permissions-Policy"], url


# --- Item 8: several workers need the shared cache ---------------------------------------------


def test_deploy_check_warns_of_several_workers_without_redis(settings):
    settings.REDIS_URL = ""
    settings.WEB_CONCURRENCY, settings.APP_SERVERS = 1, 1
    assert shared_cache_with_several_workers(None) == []
    settings.WEB_CONCURRENCY = 2
    (warning,) = shared_cache_with_several_workers(None)
    assert warning.id == "lean_portal.W001"
    settings.WEB_CONCURRENCY, settings.APP_SERVERS = 1, 3
    assert shared_cache_with_several_workers(None)
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert shared_cache_with_several_workers(None) == []
