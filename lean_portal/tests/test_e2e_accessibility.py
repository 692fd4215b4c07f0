"""Browser: every page of the access matrix, as every role that may open it, passes axe-core
(ГОСТ Р 52872-2019 = WCAG 2.1 levels A and AA), on the demo district.

The pages come from the access matrix itself (``test_access_matrix.ROUTES``): each route answered
with a GET, each role whose cell says 200 for some owner, at the first such owner's URL. A route
the walk cannot reach (no record of its kind, a page that does not answer 200) fails the test,
so a new page is checked as soon as it is declared in the matrix.

axe-core comes with the ``axe-playwright-python`` package (``axe.min.js`` inside the wheel) and is
injected into each page by Playwright: nothing is fetched from the network.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from conftest import login
from lean_portal.tests import test_access_matrix as matrix
from lean_portal.tests.access_world import HOME_OWNERS as OWNERS
from lean_portal.tests.access_world import HOME_ROLES as ROLES
from lean_portal.tests.demo_world import demo_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# Each role's pages are checked in two halves, so that the walk spreads over the test processes.
PARTS = 2


def visits(world) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(role, route name, URL) of every page to check, and (role, message) of the routes that
    yield no URL.

    One URL per route and role (the first owner whose record the role may open); a URL already
    visited by the same role is not visited again.
    """
    planned, unreachable, seen = [], [], set()
    for route in matrix.ROUTES:
        if route.post_only:
            continue
        roles = [role for role in ROLES if any(matrix.expected(route, role, o, "GET") == 200 for o in OWNERS)]
        if not roles:
            continue
        for role in roles:
            owner = next(o for o in matrix.owners_of(route) if matrix.expected(route, role, o, "GET") == 200)
            try:
                urls = matrix.urls_for(route, world, owner)
            except Exception as exc:  # a kind the demo world does not know
                unreachable.append((role, f"{route.name}[{route.kind}] as {role}: {exc!r}"))
                continue
            for url in urls:
                if (role, url) not in seen:
                    seen.add((role, url))
                    planned.append((role, f"{route.name}[{route.kind}]", url))
    return planned, unreachable


def describe(violations) -> str:
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        more = f" (+{len(violation['nodes']) - 5})" if len(violation["nodes"]) > 5 else ""
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']} — {targets}{more}")
    return "\n".join(lines)


@pytest.fixture
def demo_pages(demo_data, tmp_path, no_pdf_layout):
    # The walk checks pages; a PDF is only seen starting to download (no_pdf_layout).
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield demo_world()


def test_every_route_of_the_walk_answers_a_page(demo_pages):
    """Every route the matrix opens with a GET for someone answers 200 at least once on the demo
    district, at the URL the browser walk below visits: a route the walk cannot reach (no record
    of its kind, a refusal for every role) would leave a page unchecked."""
    planned, unreachable = visits(demo_pages)
    assert not unreachable, "\n".join(message for _, message in unreachable)
    covered, answers = set(), {}
    client = Client()
    for role, route, url in planned:
        if route in covered:
            continue  # answered a page already: once is what is asked
        client.logout()
        if role != "anonymous":
            client.force_login(demo_pages.users[role])
        response = client.get(url, follow=True)
        answers.setdefault(route, []).append(f"{role}: {response.status_code}")
        if response.status_code == 200:
            covered.add(route)
    not_covered = {name: answers[name] for name in sorted({name for _, name, _ in planned} - covered)}
    assert not not_covered, f"routes of the access matrix that answered no page (none checked): {not_covered}"
    assert len(covered) > 60, sorted(covered)


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(browser, live_server, demo_pages, role, part):
    """This role's pages (one part of them) pass axe; whether each route answers a page at all is
    checked above, with the same URLs."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    planned, unreachable = visits(demo_pages)
    planned = [(route, url) for who, route, url in planned if who == role][part::PARTS]
    failures = [message for who, message in unreachable if who == role]
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        if role != "anonymous" and planned:
            login(page, role)
        for route, url in planned:
            try:
                response = page.goto(url)
            except Exception as exc:
                if "Download is starting" in str(exc):  # a spreadsheet or a PDF: no page to check
                    continue
                raise
            if response is None:
                failures.append(f"{route} {url} as {role}: no response")
                continue
            # A refusal the demo data leads to (the demo school is not trained in lean basics, so it
            # may not assess) is a page too: it is checked like any other.
            if response.status >= 500 or "text/html" not in (response.headers.get("content-type") or ""):
                if response.status >= 500:
                    failures.append(f"{route} {url} as {role}: answered {response.status}")
                continue
            if not response.text().lstrip().lower().startswith("<!doctype html"):
                continue  # a fragment fetched by a page's script (similar projects), not a page
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                failures.append(f"{route} {url} as {role} ({response.status}):\n{describe(violations)}")
    finally:
        context.close()
    if os.environ.get("A11Y_REPORT"):
        with open(os.environ["A11Y_REPORT"], "a") as report:
            report.write("".join(f"{failure}\n" for failure in failures))
    assert not failures, f"{len(failures)} pages fail WCAG 2.1 AA (axe-core):\n" + "\n".join(failures)


# --- Reflow: no page-level horizontal scrolling ----------------------------------------------

LAPTOP_WIDTHS = (992, 1024, 1280, 1366)
PAGE_WIDTH = "document.documentElement.scrollWidth"
# The outermost elements sticking out of the window, not inside a box of their own that scrolls.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right <= width + 1) continue;
    let parent = el.parentElement, contained = false;
    while (parent) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) { contained = true; break; }
      if (parent.getBoundingClientRect().right > width + 1) { contained = true; break; }
      parent = parent.parentElement;
    }
    const text = (el.textContent || "").trim().slice(0, 50);
    if (!contained) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
  }
  return found.slice(0, 5);
}"""


def test_pages_fit_the_window_for_every_role(browser, live_server, demo_pages):
    """The menu fits from 992 px up for every role; the main pages reflow at 320 px (a phone,
    or a 1280 px screen at 400 % zoom): wide tables scroll inside their own box."""
    world = demo_pages
    own = world.records["own"]
    laptop_pages = ["/", "/projects/"]
    phone_pages = {
        "department": [
            "/",
            "/projects/",
            own.approved_project.get_absolute_url(),
            own.report.get_absolute_url(),
        ],
        "anonymous": [reverse("registries:survey-public", args=[own.survey.public_token])],
    }
    too_wide = []
    for role in ROLES:
        context = browser.new_context(locale="ru-RU", base_url=live_server.url)
        context.set_default_timeout(20_000)
        page = context.new_page()
        try:
            if role != "anonymous":
                login(page, role)
                for width in LAPTOP_WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    for url in laptop_pages:
                        page.goto(url)
                        if (seen := page.evaluate(PAGE_WIDTH)) > width:
                            culprits = page.evaluate(STICKING_OUT)
                            too_wide.append(f"{url} as {role} at {width} px: the page is {seen} px wide: {culprits}")
            page.set_viewport_size({"width": 320, "height": 640})
            for url in phone_pages.get(role, []):
                response = page.goto(url)
                assert response.status == 200, url
                if (seen := page.evaluate(PAGE_WIDTH)) > 320:
                    culprits = page.evaluate(STICKING_OUT)
                    too_wide.append(f"{url} as {role} at 320 px: the page is {seen} px wide: {culprits}")
        finally:
            context.close()
    assert not too_wide, "\n".join(too_wide)
