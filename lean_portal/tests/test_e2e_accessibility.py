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
from django.test import override_settings
from django.urls import reverse

from conftest import login
from lean_portal.tests import test_access_matrix as matrix
from lean_portal.tests.access_world import OWNERS, ROLES
from lean_portal.tests.demo_world import demo_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def visits(world) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(role, route name, URL) of every page to check, and the routes that yield no URL.

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
                unreachable.append(f"{route.name}[{route.kind}] as {role}: {exc!r}")
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
def demo_pages(demo_data, tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield demo_world()


def test_every_page_passes_axe(browser, live_server, demo_pages):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    planned, failures = visits(demo_pages)
    covered = set()
    contexts = {}
    try:
        for role, route, url in planned:
            if role not in contexts:
                context = browser.new_context(locale="ru-RU", base_url=live_server.url)
                context.set_default_timeout(20_000)
                page = context.new_page()
                if role != "anonymous":
                    login(page, role)
                contexts[role] = (context, page)
            page = contexts[role][1]
            try:
                response = page.goto(url)
            except Exception as exc:
                if "Download is starting" in str(exc):  # a spreadsheet or a PDF: no page to check
                    covered.add(route)
                    continue
                raise
            if response is None:
                failures.append(f"{route} {url} as {role}: no response")
                continue
            if response.status == 200:
                covered.add(route)
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
        for context, _ in contexts.values():
            context.close()
    # Every route the matrix opens with a GET for someone must have answered 200 at least once.
    not_covered = sorted({name for _, name, _ in planned} - covered)
    if os.environ.get("A11Y_REPORT"):
        with open(os.environ["A11Y_REPORT"], "w") as report:
            report.write("\n".join(failures))
    assert not failures, f"{len(failures)} pages fail WCAG 2.1 AA (axe-core):\n" + "\n".join(failures)
    assert not not_covered, f"routes of the access matrix that answered no page (none checked): {not_covered}"
    assert len(covered) > 60, sorted(covered)


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
