"""Each rule of the passport's content, with its Russian message on the field at fault."""

import datetime
from decimal import Decimal

import pytest

from projects.rules import completeness_errors, goal_errors, required_message
from projects.stages import latest_date, stage_date_errors
from projects.tests.factories import STAGE_DATES

TODAY = datetime.date(2026, 11, 26)


def test_consistent_timeline_has_no_errors():
    assert stage_date_errors(dict(STAGE_DATES), TODAY) == {}


def test_empty_stages_of_a_draft_are_fine():
    assert stage_date_errors({"stage1_date": datetime.date(2024, 2, 1)}, TODAY) == {}


def test_range_end_before_start_is_refused_on_the_end_field():
    values = dict(STAGE_DATES, stage3_end=datetime.date(2024, 2, 1))
    errors = stage_date_errors(values, TODAY)
    assert "stage3_end" in errors
    assert "Окончание этапа 3 «Анализ проблем и потерь» не может быть раньше его начала" in errors["stage3_end"]


def test_stage_starting_before_previous_ends_is_refused_on_its_start():
    values = dict(STAGE_DATES, stage5_start=datetime.date(2024, 3, 10))  # stage 4 ends 20.03
    errors = stage_date_errors(values, TODAY)
    assert set(errors) == {"stage5_start"}
    assert "не может начинаться раньше окончания этапа 4" in errors["stage5_start"]


def test_same_day_handover_between_stages_is_allowed():
    values = dict(STAGE_DATES, stage3_start=STAGE_DATES["stage2_end"])
    assert stage_date_errors(values, TODAY) == {}


def test_single_date_stages_follow_the_ranges():
    values = dict(STAGE_DATES, stage9_date=datetime.date(2024, 10, 1))  # before stage 8 ends
    errors = stage_date_errors(values, TODAY)
    assert "этапа 8" in errors["stage9_date"]


def test_order_skips_empty_stages():
    values = {"stage2_start": datetime.date(2024, 2, 5), "stage2_end": datetime.date(2024, 2, 20)}
    values["stage5_start"] = datetime.date(2024, 2, 10)
    errors = stage_date_errors(values, TODAY)
    assert "этапа 2" in errors["stage5_start"]


@pytest.mark.parametrize("bad", [datetime.date(2014, 12, 31), datetime.date(2037, 1, 1)])
def test_dates_outside_the_window_are_refused(bad):
    errors = stage_date_errors({"stage1_date": bad}, TODAY)
    assert errors["stage1_date"] == "Дата должна быть в пределах с 01.01.2015 по 26.11.2036."


def test_window_edges_are_allowed():
    assert stage_date_errors({"stage1_date": datetime.date(2015, 1, 1)}, TODAY) == {}
    assert stage_date_errors({"stage10_date": latest_date(TODAY)}, TODAY) == {}


def test_latest_date_of_a_leap_day():
    assert latest_date(datetime.date(2024, 2, 29)) == datetime.date(2034, 2, 28)


def test_target_equal_to_current_is_refused_on_target():
    assert "отличаться от текущего" in goal_errors(Decimal(5), Decimal("5.00"))["target_value"]
    assert goal_errors(Decimal(5), Decimal(1)) == {}
    assert goal_errors(None, Decimal(1)) == {}


@pytest.mark.django_db
def test_completeness_lists_what_a_bare_draft_lacks(unit):
    from projects.tests.factories import ProjectFactory

    project = ProjectFactory(organisation=unit, sphere=None)
    errors = completeness_errors(project)
    for field in ("sphere", "process", "process_start", "process_end", "lead", "effects", "stage1_date"):
        assert errors[field] == [required_message(field)]
    assert errors["process"] == ["Заполните поле «Процесс»: без него паспорт нельзя направить на рассмотрение."]
    assert errors["customer_organisation"] == [
        "Выберите заказчика — организацию портала или укажите заказчика вне портала."
    ]
    assert "Добавьте в команду хотя бы одного сотрудника." in errors["__all__"]
    assert "Добавьте хотя бы один пункт обоснования." in errors["__all__"]
    assert "Добавьте хотя бы одну цель с текущим и целевым показателями." in errors["__all__"]


@pytest.mark.django_db
def test_completeness_of_a_full_passport(draft):
    assert completeness_errors(draft) == {}


@pytest.mark.django_db
def test_completeness_needs_participants_for_interagency(draft):
    draft.kind = draft.Kind.INTERAGENCY
    assert "participants" in completeness_errors(draft)
