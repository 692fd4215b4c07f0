from __future__ import annotations

import pytest
from openpyxl import Workbook

from imports.sheets import SHEETS_BY_KEY
from orgs.models import Organisation, User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, SphereFactory, UserFactory


def titles(key: str) -> list[str]:
    return [f.title for f in SHEETS_BY_KEY[key].fields]


def write_xlsx(path, sheets: dict) -> str:
    """An .xlsx as a person would fill it: ``{sheet title: [header, row, …]}`` (normal, not write-only, mode)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    workbook.save(path)
    return str(path)


@pytest.fixture
def district(db):
    education = SphereFactory(name="Образование")
    SphereFactory(name="Культура")
    unit = OrganisationFactory(
        short_name="Управление образования",
        full_name="Управление образования администрации Ленинск-Кузнецкого муниципального округа",
        kind=Organisation.Kind.STRUCTURAL_UNIT,
        sphere=education,
    )
    school = OrganisationFactory(
        short_name="МБОУ «Драченинская СОШ»",
        full_name="Муниципальное бюджетное общеобразовательное учреждение «Драченинская средняя школа»",
        parent=unit,
        sphere=education,
    )
    office = OrganisationFactory(short_name="Управление экономического развития", kind="unit", is_economy_office=True)
    economy = UserFactory(
        username="economy", role=User.Role.ECONOMY, employee=EmployeeFactory(organisation=office, last_name="Орлова")
    )
    teacher = EmployeeFactory(organisation=school, last_name="Королёва", first_name="Анна", middle_name="Петровна")
    staff = UserFactory(username="school", employee=teacher)
    return {
        "unit": unit,
        "school": school,
        "office": office,
        "economy": economy,
        "school_user": staff,
        "teacher": teacher,
    }
