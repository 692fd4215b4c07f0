"""Browser: the main menu keeps one row on laptop screens (1200–1399 px wide, where it is shown
expanded), for every role, and «Выйти» sits in the menu under the person's name."""

from __future__ import annotations

import pytest

from conftest import login, logout

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP_WIDTHS = (1200, 1280, 1366, 1440)


def menu_rows(page) -> dict[int, list[str]]:
    """The top of each menu entry (the account's entries included) → their titles."""
    rows: dict[int, list[str]] = {}
    for item in page.locator("#main-nav > ul > li, .navbar-account li").all():
        rows.setdefault(round(item.bounding_box()["y"]), []).append(item.inner_text().strip())
    return rows


@pytest.mark.parametrize("username", ["economy", "department", "director", "school", "admin"])
def test_menu_keeps_one_row_on_a_laptop(page, demo_data, username):
    login(page, username)
    page.goto("/")
    for width in LAPTOP_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        rows = menu_rows(page)
        assert len(rows) == 1, f"{width} px: {rows}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    logout(page)
    assert page.get_by_label("Имя пользователя").is_visible()
