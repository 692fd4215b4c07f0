"""Browser: the office picks an organisation in the registry's filter by typing (autocomplete)."""

import re

import pytest

from conftest import login
from orgs.autocomplete import PLAIN_SELECT_LIMIT
from orgs.models import Municipality, Organisation
from projects.tests.factories import FullProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_filters_the_registry_by_a_typed_organisation(page, economy_user):
    municipality = Municipality.objects.default()
    orgs = Organisation.objects.bulk_create(
        Organisation(
            short_name=f"Школа № {n}",
            full_name=f"МБОУ «Школа № {n}» округа",
            kind="institution",
            municipality=municipality,
        )
        for n in range(PLAIN_SELECT_LIMIT + 5)
    )
    FullProjectFactory(organisation=orgs[37], title="Питание без очередей", rows=False)
    FullProjectFactory(organisation=orgs[38], title="Чужой проект", rows=False)
    login(page, economy_user.username)
    page.goto("/projects/")

    field = page.get_by_role("combobox", name="Организация")
    field.fill("школа № 3")
    listbox = page.get_by_role("listbox")
    listbox.get_by_role("option", name=re.compile("Школа № 37")).wait_for()
    # Escape closes the list; arrows and Enter choose without the mouse.
    field.press("Escape")
    assert listbox.is_hidden()
    field.fill("Школа № 37")
    listbox.get_by_role("option", name=re.compile("Школа № 37")).wait_for()
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant")
    field.press("Enter")
    assert field.input_value() == "Школа № 37"
    assert field.get_attribute("aria-expanded") == "false"

    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(f"organisation={orgs[37].pk}"))
    assert "organisation_text" not in page.url  # the id alone is sent
    table = page.get_by_test_id("registry")
    assert "Питание без очередей" in table.inner_text()
    assert "Чужой проект" not in table.inner_text()
    # The chosen organisation is shown again after the reload.
    assert page.get_by_role("combobox", name="Организация").input_value() == "Школа № 37"
