"""Browser: the home page and the project registry fit a 390 px phone screen (issue 17, item 9).

The demo district, as a person logs in: no element may make the page wider than the screen
(the deadline badges stay inside their cards), and the registry's filters wait behind one
«Фильтры» button so that the results come first."""

from __future__ import annotations

import pytest

from conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def too_wide(page) -> list[str]:
    """Elements reaching past the right edge of the screen (for the failure message)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60))"""
    )


@pytest.mark.parametrize("username", ["department", "school", "economy"])
def test_home_page_fits_a_phone(page, demo_data, username):
    page.set_viewport_size(PHONE)
    login(page, username)
    page.goto("/")
    assert page.locator("section.card").count() > 0
    assert page_width(page) <= PHONE["width"], too_wide(page)
    # Every badge sits inside its card.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('section.card .badge')].filter(b => {
              const card = b.closest('section.card').getBoundingClientRect(), box = b.getBoundingClientRect();
              return box.right > card.right + 0.5 || box.left < card.left - 0.5;
           }).map(b => b.textContent.trim())"""
    )
    assert outside == []


def test_registry_fits_a_phone_with_filters_behind_one_button(page, demo_data):
    page.set_viewport_size(PHONE)
    login(page, "economy")
    page.goto("/projects/")
    assert page_width(page) <= PHONE["width"], too_wide(page)
    filters = page.get_by_role("button", name="Фильтры")
    assert filters.get_attribute("aria-expanded") == "false"
    assert page.get_by_label("Поиск").is_hidden()
    # The first result is on the first screen, not below nine filters.
    first_row = page.get_by_test_id("registry").locator("tbody tr").first
    assert first_row.bounding_box()["y"] < PHONE["height"]
    filters.click()
    page.get_by_label("Поиск").wait_for(state="visible")
    # Bootstrap's collapse animates for a moment: act on the filters once it has finished.
    page.wait_for_function("() => !document.querySelector('.collapsing')")
    assert filters.get_attribute("aria-expanded") == "true"
    assert page_width(page) <= PHONE["width"], too_wide(page)
    page.get_by_label("Поиск").fill("очеред")
    with page.expect_navigation(url="**q=*"):
        page.get_by_role("button", name="Показать").click()
    # A filtered page opens with its filters shown, and the button says how many are in use.
    assert page.get_by_label("Поиск").is_visible()
    assert page.get_by_role("button", name="Фильтры (1)").get_attribute("aria-expanded") == "true"


def test_registry_filters_stay_open_on_a_wide_screen(page, demo_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "economy")
    page.goto("/projects/")
    assert page.get_by_label("Поиск").is_visible()
    assert page.get_by_role("button", name="Фильтры").is_hidden()
