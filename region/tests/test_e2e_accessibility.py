"""Browser: the regional office's pages pass axe-core (WCAG 2.1 AA) on the demo district with a second
municipality, and the comparison fits a laptop's window."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login
from orgs.models import Municipality
from region.tests.conftest import municipal_plan
from region.tests.test_e2e_onboarding import regional_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# As lean_portal/tests/test_e2e_accessibility.py checks every page of the access matrix.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def describe(violations) -> str:
    return "\n".join(
        f"    {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in violations
    )


def test_region_pages_pass_axe(page, demo_data):
    from axe_playwright_python.sync_playwright import Axe

    far = Municipality.objects.create(
        name="Беловский муниципальный округ", short_name="Беловский МО", slug="belovsky", kind="okrug"
    )
    municipal_plan(far, {"1.1": 1, "1.2": 5}, first_year=2022, last_year=2030)
    login(page, regional_user().username)
    urls = [
        reverse("home"),
        reverse("region:comparison"),
        f"{reverse('region:comparison')}?year=2023&sort=-plan",
        reverse("region:municipality-list"),
        reverse("region:municipality-create"),
        reverse("region:municipality-detail", args=[far.slug]),
        reverse("region:municipality-deactivate", args=[far.slug]),
    ]
    axe = Axe()
    failures = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{url}:\n{describe(violations)}")
    # The form with its errors shown.
    page.goto(reverse("region:municipality-create"))
    page.get_by_role("button", name="Подключить").click()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        failures.append(f"form with errors:\n{describe(violations)}")
    assert not failures, "\n".join(failures)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(reverse("region:comparison"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
