"""Browser: the main menu keeps one row on laptop screens (1200–1399 px wide, where it is shown
expanded), for every role, and «Выйти» sits in the menu under the person's name."""

from __future__ import annotations

import pytest

from conftest import login, logout
from orgs.models import Organisation, User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP_WIDTHS = (1200, 1280, 1366, 1440)


def menu_rows(page) -> dict[int, list[str]]:
    """The top of each menu entry (the account's entries included) → their titles."""
    rows: dict[int, list[str]] = {}
    for item in page.locator("#main-nav > ul > li, .navbar-account li").all():
        rows.setdefault(round(item.bounding_box()["y"]), []).append(item.inner_text().strip())
    return rows


def _regional_office_account() -> None:
    """The demo's «region» account (the regional project office), made here where the demo has none yet."""
    if User.objects.filter(username="region").exists():
        return
    office = OrganisationFactory(
        short_name="Региональный проектный офис", kind=Organisation.Kind.REGIONAL, municipality=None
    )
    UserFactory(username="region", role=User.Role.REGION, employee=EmployeeFactory(organisation=office))


@pytest.mark.parametrize("username", ["economy", "department", "director", "school", "admin", "region"])
def test_menu_keeps_one_row_on_a_laptop(page, demo_data, username):
    if username == "region":
        _regional_office_account()
    login(page, username)
    page.goto("/")
    for width in LAPTOP_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        rows = menu_rows(page)
        assert len(rows) == 1, f"{width} px: {rows}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    logout(page)
    assert page.get_by_label("Имя пользователя").is_visible()
