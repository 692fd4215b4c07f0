"""The ledger's rules with hand-worked figures: conversions, roll-ups, the lock, the baseline guard."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from effects import services
from effects.models import ConversionRate, Effect, Kind
from effects.selectors import district_effects, project_effects, rate_for_year
from effects.tests.conftest import add_effect, approve, close
from orgs.tests.factories import OrganisationFactory, SphereFactory
from projects import services as project_services
from projects.changes import describe_proposals
from projects.models import ChangeRequest, Project
from projects.tests.factories import FullProjectFactory
from reporting.models import QuarterlyReport

pytestmark = pytest.mark.django_db
D = Decimal


# --- Conversions ---------------------------------------------------------------------------------


def test_staff_hours_become_money_and_positions(rates):
    # 15 min × 1 200 operations = 300 h a year; × 350 руб. = 105 000 руб.; 300 ÷ 1 973 = 0,152… → 0,15.
    assert rates.hours_to_money(D("300")) == D("105000.00")
    assert rates.hours_to_positions(D("300")) == D("0.15")
    # 3 946 h are exactly two positions.
    assert rates.hours_to_positions(D("3946")) == D("2.00")


def test_the_rates_of_a_year_are_those_in_force_on_31_december(rates):
    newest_first = list(ConversionRate.objects.order_by("-valid_from"))
    assert rate_for_year(newest_first, 2024) is None
    assert rate_for_year(newest_first, 2025).staff_hour_cost == D("300")
    assert rate_for_year(newest_first, 2026).staff_hour_cost == D("350")
    assert ConversionRate.objects.applying_on(datetime.date(2025, 12, 31)).staff_hour_cost == D("300")


def test_project_page_converts_staff_time_at_its_years_rates(draft, department_user, rates):
    add_effect(draft, department_user, planned_value=D("300"))
    add_effect(draft, department_user, kind=Kind.MONEY_SAVED, title="Бумага", planned_value=D("5000"))
    # The draft's planned closure (stage 9) is 02.12.2024: no rates in force then.
    effects = project_effects(draft)
    assert not hasattr(effects[0], "planned_money")
    Project.objects.filter(pk=draft.pk).update(stage9_date=datetime.date(2025, 6, 1))
    draft.refresh_from_db()
    staff, money = project_effects(draft)
    assert staff.planned_money == D("90000.00")  # 300 h × 300 руб. (the 2025 rate)
    assert staff.planned_positions == D("0.15")
    assert not hasattr(money, "planned_money")


def test_fixed_units_and_own_units(draft, department_user):
    staff = add_effect(draft, department_user, unit="минуты")
    assert staff.unit == "ч в год"
    with pytest.raises(ValidationError) as error:
        add_effect(draft, department_user, kind=Kind.QUALITY, title="Возвраты документов")
    assert "unit" in error.value.message_dict
    quality = add_effect(draft, department_user, kind=Kind.QUALITY, unit="возвратов в год", planned_value=D("40"))
    assert quality.shown_unit == "возвратов в год"


# --- Roll-ups -----------------------------------------------------------------------------------


def _implemented(organisation, sphere, closed_on, state=Project.State.CLOSED):
    project = FullProjectFactory(organisation=organisation, sphere=sphere)
    Project.objects.filter(pk=project.pk).update(state=state, closed_on=closed_on)
    return project


def _effect(project, kind, planned, forecast=None, actual=None, status=Effect.Status.PLANNED, unit=""):
    return Effect.objects.create(
        project=project,
        kind=kind,
        title=f"{kind} {planned}",
        unit=unit,
        method="расчёт",
        planned_value=planned,
        forecast_value=forecast,
        actual_value=actual,
        status=status,
    )


def test_district_roll_up_per_year_organisation_and_sphere(rates, django_assert_num_queries):
    education, culture = SphereFactory(name="Образование"), SphereFactory(name="Культура")
    school = OrganisationFactory(short_name="Школа")
    library = OrganisationFactory(short_name="Библиотека")
    a = _implemented(school, education, datetime.date(2026, 3, 1))
    b = _implemented(library, culture, datetime.date(2026, 5, 1))
    c = _implemented(school, education, datetime.date(2025, 9, 1))
    draft = FullProjectFactory(organisation=school, sphere=education)  # a draft promises nothing yet
    C = Effect.Status.CONFIRMED
    _effect(a, Kind.STAFF_TIME, D("300"), forecast=D("280"), actual=D("250"), status=C)
    _effect(a, Kind.MONEY_SAVED, D("20000"), actual=D("18000"), status=Effect.Status.SUBMITTED)
    _effect(b, Kind.STAFF_TIME, D("500"), forecast=D("500"), actual=D("520"), status=Effect.Status.RETURNED)
    _effect(b, Kind.CITIZEN_TIME, D("1000"), actual=D("900"), status=C)
    _effect(b, Kind.QUALITY, D("40"), actual=D("35"), status=C, unit="возвратов в год")
    _effect(c, Kind.STAFF_TIME, D("100"), actual=D("100"), status=C)
    _effect(draft, Kind.STAFF_TIME, D("9999"))

    with django_assert_num_queries(4):
        data = district_effects()
    assert data.year == 2026
    assert [t.key for t in data.years] == [2025, 2026]
    y2025, y2026 = data.years
    # 2025: 100 h at 300 руб. = 30 000 руб.
    assert y2025.value(Kind.STAFF_TIME, "confirmed") == D("100")
    assert y2025.money("confirmed") == D("30000.00")
    # 2026 planned: staff 300 + 500 = 800 h → 800 × 350 = 280 000 руб.; + 20 000 saved = 300 000 руб.
    assert y2026.value(Kind.STAFF_TIME, "planned") == D("800")
    assert y2026.money("planned") == D("300000.00")
    assert y2026.positions("planned") == D("0.41")  # 800 ÷ 1 973 = 0,405…
    # forecast: 280 + 500 = 780 h → 273 000 руб.
    assert y2026.money("forecast") == D("273000.00")
    # confirmed: only the 250 h (the money saved is under review, the 520 h returned) → 87 500 руб.
    assert y2026.value(Kind.STAFF_TIME, "confirmed") == D("250")
    assert y2026.money("confirmed") == D("87500.00")
    assert y2026.value(Kind.CITIZEN_TIME, "confirmed") == D("900")
    assert (y2026.other_count, y2026.other_confirmed) == (1, 1)
    assert data.total is y2026
    assert data.awaiting == 1

    by_org = {t.label: t for t in data.organisations}
    assert by_org["Школа"].money("planned") == D("125000.00")  # 300 h × 350 + 20 000
    assert by_org["Библиотека"].money("planned") == D("175000.00")  # 500 h × 350
    assert [t.label for t in data.organisations] == ["Библиотека", "Школа"]
    by_sphere = {t.label: t for t in data.spheres}
    assert by_sphere["Культура"].value(Kind.CITIZEN_TIME, "confirmed") == D("900")
    assert by_sphere["Образование"].money("confirmed") == D("87500.00")

    earlier = district_effects(2025)
    assert [t.label for t in earlier.organisations] == ["Школа"]
    limited = district_effects(organisation_ids=[library.pk])
    assert [t.label for t in limited.organisations] == ["Библиотека"]


def test_roll_up_query_count_does_not_grow(rates, django_assert_num_queries):
    sphere = SphereFactory()
    for number in range(6):
        project = _implemented(OrganisationFactory(), sphere, datetime.date(2026, 1, number + 1))
        _effect(project, Kind.STAFF_TIME, D("10"))
        _effect(project, Kind.MONEY_EARNED, D("10"))
    with django_assert_num_queries(4):
        data = district_effects()
    assert len(data.organisations) == 6
    # The page names the leading organisations only: ordered and cut in the database, counted apart.
    with django_assert_num_queries(5):
        leading = district_effects(organisations_limit=4)
    assert [t.key for t in leading.organisations] == [t.key for t in data.organisations[:4]]
    assert [t.columns() for t in leading.organisations] == [t.columns() for t in data.organisations[:4]]
    assert leading.organisations_count == 6


def test_page_names_organisations_by_planned_money_as_the_full_list(rates):
    """The SQL order (money planned with staff hours at the year's rate, then the name) is ``Totals.money``'s."""
    sphere = SphereFactory()
    names = ["Д", "Г", "В", "Б", "А"]
    # staff 100 h × 350 = 35 000 руб.; money saved 35 000 руб.; a tie broken by the name; quality: no money.
    figures = [(Kind.STAFF_TIME, "100"), (Kind.MONEY_SAVED, "35000"), (Kind.MONEY_EARNED, "40000")]
    figures += [(Kind.QUALITY, "5"), (Kind.CITIZEN_TIME, "900")]
    for name, (kind, value) in zip(names, figures, strict=True):
        project = _implemented(OrganisationFactory(short_name=name), sphere, datetime.date(2026, 2, 1))
        _effect(project, kind, D(value), unit="шт.")
    full = district_effects(2026)
    leading = district_effects(2026, organisations_limit=3)
    assert [t.label for t in full.organisations] == ["В", "Г", "Д", "А", "Б"]
    assert [t.label for t in leading.organisations] == ["В", "Г", "Д"]
    assert leading.organisations[2].value(Kind.STAFF_TIME, "planned") == D("100")
    assert leading.organisations_count == 5


def test_effects_keep_their_projects_year_organisation_and_sphere(
    draft, department_user, economy_user, director_user, rates
):
    effect = add_effect(draft, department_user, planned_value=D("300"))
    effect.refresh_from_db()
    # A draft promises nothing: no year in the district's totals, but its organisation and sphere.
    assert effect.district_year is None
    assert (effect.organisation_id, effect.sphere_id) == (draft.organisation_id, draft.sphere_id)
    approve(draft, department_user, economy_user, director_user)
    effect.refresh_from_db()
    assert effect.district_year == 2024  # the planned closure (stage 9): 02.12.2024
    close(draft, department_user, timezone.localdate())
    effect.refresh_from_db()
    assert effect.district_year == 2026  # the actual closure
    assert district_effects(2026).total.value(Kind.STAFF_TIME, "planned") == D("300")
    # The project moves to another organisation and sphere (the administrator's form saves it whole).
    project = Project.objects.get(pk=draft.pk)
    project.organisation, project.sphere = OrganisationFactory(short_name="Другая"), SphereFactory(name="Спорт")
    project.save()
    effect.refresh_from_db()
    assert (effect.organisation_id, effect.sphere_id) == (project.organisation_id, project.sphere_id)
    assert [t.label for t in district_effects(2026).organisations] == ["Другая"]
    # A save of other fields does not touch the effects.
    Effect.objects.filter(pk=effect.pk).update(district_year=1999)
    project.save(update_fields=["current_stage", "updated_at"])
    assert Effect.objects.get(pk=effect.pk).district_year == 1999


# --- Verification and the lock ------------------------------------------------------------------


@pytest.fixture
def closed(draft, department_user, economy_user, director_user):
    add_effect(draft, department_user, planned_value=D("300"))
    add_effect(draft, department_user, kind=Kind.MONEY_SAVED, title="Бумага и почта", planned_value=D("20000"))
    approve(draft, department_user, economy_user, director_user)
    return close(draft, department_user, timezone.localdate())


def test_actual_only_at_closure(draft, department_user, economy_user, director_user):
    effect = add_effect(draft, department_user)
    approve(draft, department_user, economy_user, director_user)
    with pytest.raises(ValidationError, match="при закрытии проекта"):
        services.effect_record_actual(effect=effect, user=department_user, value=D("1"), on=timezone.localdate())


def test_confirmed_effect_is_locked(closed, department_user, economy_user, colleague_user):
    staff = closed.effect_records.get(kind=Kind.STAFF_TIME)
    today = timezone.localdate()
    staff = services.effect_record_actual(effect=staff, user=department_user, value=D("250"), on=today)
    assert staff.status == Effect.Status.SUBMITTED
    with pytest.raises(ValidationError, match="управление экономического развития"):
        services.effect_confirm(effect=staff, user=colleague_user)
    services.effect_confirm(effect=staff, user=economy_user, comment="Расчёт проверен по журналу")
    staff.refresh_from_db()
    assert staff.is_locked and staff.verified_by == economy_user
    with pytest.raises(ValidationError, match="больше не меняются"):
        services.effect_record_actual(effect=staff, user=department_user, value=D("400"), on=today)
    with pytest.raises(ValidationError, match="больше не меняются"):
        services.effect_update(effect=staff, user=department_user, planned_value=D("1"))
    with pytest.raises(ValidationError, match="направила на проверку"):
        services.effect_return(effect=staff, user=economy_user, comment="Ещё раз")
    staff.refresh_from_db()
    assert staff.actual_value == D("250") and staff.status == Effect.Status.CONFIRMED


def test_returned_effect_needs_a_comment_and_can_be_sent_again(closed, department_user, economy_user):
    money = closed.effect_records.get(kind=Kind.MONEY_SAVED)
    today = timezone.localdate()
    services.effect_record_actual(effect=money, user=department_user, value=D("25000"), on=today)
    with pytest.raises(ValidationError) as error:
        services.effect_return(effect=money, user=economy_user, comment="  ")
    assert "comment" in error.value.message_dict
    services.effect_return(effect=money, user=economy_user, comment="Нет расчёта стоимости бумаги")
    money.refresh_from_db()
    assert money.status == Effect.Status.RETURNED
    assert money.verification_comment == "Нет расчёта стоимости бумаги"
    services.effect_record_actual(effect=money, user=department_user, value=D("18000"), on=today)
    money.refresh_from_db()
    assert money.status == Effect.Status.SUBMITTED and money.actual_value == D("18000")


def test_nobody_confirms_what_they_entered(closed, economy_user):
    effect = closed.effect_records.first()
    submitted = {"status": Effect.Status.SUBMITTED, "actual_value": D("1"), "actual_by": economy_user}
    Effect.objects.filter(pk=effect.pk).update(**submitted)
    with pytest.raises(ValidationError, match="подал сам"):
        services.effect_confirm(effect=effect, user=economy_user)


# --- The baseline guard -------------------------------------------------------------------------


def test_planned_values_are_fixed_once_the_passport_goes_to_review(draft, department_user):
    effect = add_effect(draft, department_user)
    services.effect_update(effect=effect, user=department_user, planned_value=D("320"))
    project_services.passport_submit(project=draft, user=department_user)
    with pytest.raises(ValidationError, match="запросом на изменение"):
        services.effect_update(effect=effect, user=department_user, planned_value=D("900"))
    with pytest.raises(ValidationError, match="запросом на изменение"):
        add_effect(draft, department_user)
    with pytest.raises(ValidationError, match="запросом на изменение"):
        services.effect_delete(effect=effect, user=department_user)
    effect.refresh_from_db()
    assert effect.planned_value == D("320")


def test_planned_values_change_through_a_change_request(
    draft, department_user, economy_user, director_user, outsider_user
):
    effect = add_effect(draft, department_user, planned_value=D("300"))
    project = approve(draft, department_user, economy_user, director_user)
    assert project.baseline["effects"] == [
        {"id": effect.pk, "title": effect.title, "unit": "ч в год", "planned_value": "300.00"}
    ]
    with pytest.raises(ValidationError, match="Эффект не относится"):
        project_services.change_request_create(
            project=project, user=department_user, summary="x", reason="y", proposed={"effects": {"999999": "1"}}
        )
    change = project_services.change_request_create(
        project=project,
        user=department_user,
        summary="Уточнить экономию времени",
        reason="Число операций за год выросло",
        proposed={"effects": {str(effect.pk): "420"}},
    )
    lines = describe_proposals(project, [change])[change.pk]
    assert lines == [f"Эффект «{effect.title}»: плановое значение 300 → 420 ч в год"]
    project_services.change_request_agree(change_request=change, user=economy_user)
    effect.refresh_from_db()
    assert effect.planned_value == D("300")  # not before the head approves
    project_services.change_request_approve(change_request=change, user=director_user)
    effect.refresh_from_db()
    assert effect.planned_value == D("420")
    assert ChangeRequest.objects.get(pk=change.pk).state == ChangeRequest.State.APPROVED
    # The approved baseline still says what was approved.
    assert Project.objects.get(pk=project.pk).baseline["effects"][0]["planned_value"] == "300.00"


def test_forecast_in_an_editable_quarterly_report(draft, department_user, economy_user, director_user):
    effect = add_effect(draft, department_user, planned_value=D("300"))
    approve(draft, department_user, economy_user, director_user)
    report = QuarterlyReport.objects.create(organisation=draft.organisation, year=2026, quarter=4)
    assert services.effect_forecasts_save(report=report, user=department_user, values={effect.pk: D("280")}) == 1
    effect.refresh_from_db()
    assert (effect.forecast_value, effect.forecast_on) == (D("280"), datetime.date(2026, 12, 31))
    QuarterlyReport.objects.filter(pk=report.pk).update(state=QuarterlyReport.State.SUBMITTED)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="уже направлен"):
        services.effect_forecasts_save(report=report, user=department_user, values={effect.pk: D("1")})
