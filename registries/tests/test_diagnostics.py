"""Culture self-diagnostics: a yearly questionnaire per organisation, comparable year over year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registries.models import CultureDiagnostic, DiagnosticStatement
from registries.selectors.diagnostics import diagnostics_table
from registries.services.diagnostics import diagnostic_save, statement_save
from registries.tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 15, 9, 0), tick=False)


@pytest.fixture
def statements():
    return [StatementFactory(text=f"Утверждение {i}", position=i) for i in range(1, 4)]


def _save(user, organisation, year, scores, statements, **extra):
    return diagnostic_save(
        user=user,
        organisation=organisation,
        year=year,
        held_on=datetime.date(year, 3, 1),
        directions="Образование: приём заявлений",
        ratings=dict(zip(statements, scores, strict=True)),
        **extra,
    )


def test_one_per_organisation_and_year_with_checked_dates(unit, department_user, statements):
    _save(department_user, unit, 2023, [Decimal("3.0"), None, Decimal("4.5")], statements)
    with pytest.raises(ValidationError) as error:
        _save(department_user, unit, 2023, [Decimal("3.0")] * 3, statements)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        diagnostic_save(
            user=department_user,
            organisation=unit,
            year=2022,
            held_on=datetime.date(2023, 1, 1),
            directions="Д",
            ratings={statements[0]: Decimal(3)},
        )
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        _save(department_user, unit, 2022, [None, None, None], statements)


def test_only_own_organisation_writes(unit, outsider_user, statements):
    with pytest.raises(PermissionDenied):
        _save(outsider_user, unit, 2023, [Decimal(3)] * 3, statements)


def test_year_over_year_table(unit, department_user, statements, django_assert_max_num_queries):
    _save(department_user, unit, 2023, [Decimal("3.0"), Decimal("2.0"), None], statements)
    diagnostic = _save(department_user, unit, 2024, [Decimal("4.0"), Decimal("3.0"), Decimal("5.0")], statements)
    statements[2].is_active = False
    statements[2].save()
    new = StatementFactory(text="Новое утверждение", position=9)
    with django_assert_max_num_queries(3):
        table = diagnostics_table(unit)
    assert table.years == [2023, 2024]
    rows = {s.text: scores for s, scores in table.rows}
    assert rows["Утверждение 1"] == [Decimal("3.0"), Decimal("4.0")]
    assert rows["Утверждение 3"] == [None, Decimal("5.0")]  # retired but rated: kept for comparison
    assert rows[new.text] == [None, None]
    assert table.averages == [Decimal("2.5"), Decimal("4.0")]
    # Editing replaces the ratings.
    _save(department_user, unit, 2024, [Decimal("4.0"), None, None], statements, diagnostic=diagnostic)
    assert diagnostic.ratings.count() == 1


def test_views_access_and_form(client, unit, department_user, colleague_user, economy_user, outsider_user, statements):
    client.force_login(department_user)
    data = {"year": "2024", "held_on": "2024-03-01", "directions": "Образование", f"s{statements[0].pk}": "4.5"}
    response = client.post(reverse("registries:diagnostics-create"), data)
    assert response.status_code == 302
    diagnostic = CultureDiagnostic.objects.get()
    assert diagnostic.ratings.get().score == Decimal("4.5")
    bad = client.post(reverse("registries:diagnostics-create"), {**data, f"s{statements[0].pk}": "7"})
    assert bad.status_code == 200 and bad.context["form"].errors
    detail = diagnostic.get_absolute_url()
    compare = reverse("registries:diagnostics-compare", args=[unit.pk])
    for user, status in [(colleague_user, 200), (economy_user, 200), (outsider_user, 404)]:
        client.force_login(user)
        assert client.get(detail).status_code == status
        assert client.get(compare).status_code == status
    client.force_login(economy_user)
    assert client.get(reverse("registries:diagnostics-edit", args=[diagnostic.pk])).status_code == 403
    assert client.post(reverse("registries:diagnostics-delete", args=[diagnostic.pk])).status_code == 403
    client.force_login(colleague_user)
    assert client.post(reverse("registries:diagnostics-delete", args=[diagnostic.pk])).status_code == 302
    assert not CultureDiagnostic.objects.exists()


def test_statements_are_edited_by_the_office(client, department_user, economy_user):
    client.force_login(department_user)
    assert client.get(reverse("registries:statement-list")).status_code == 403
    with pytest.raises(PermissionDenied):
        statement_save(user=department_user, text="Т")
    client.force_login(economy_user)
    response = client.post(
        reverse("registries:statement-list"),
        {"new-text": "Сотрудники видят потери", "new-position": "1", "new-is_active": "on"},
    )
    assert response.status_code == 302
    statement = DiagnosticStatement.objects.get()
    response = client.post(
        reverse("registries:statement-edit", args=[statement.pk]), {"text": statement.text, "position": "2"}
    )
    statement.refresh_from_db()
    assert response.status_code == 302 and not statement.is_active


def test_list_constant_queries(client, unit, school, department_user, statements, django_assert_max_num_queries):
    for year in range(2015, 2025):
        CultureDiagnostic.objects.create(
            organisation=unit, year=year, held_on=datetime.date(year, 2, 1), directions="Д"
        )
    client.force_login(department_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registries:diagnostics-list"))
    assert response.context["page_obj"].paginator.count == 10
