"""The ten stages of a passport («Сроки»): their list, their model fields and the rule their
dates follow. Used by the model (``Project.clean``), the forms, the services and the reports.

Stage order — the rule we chose: the ten stages of «Сроки» follow one another, so each
stage starts on or after the day the previous dated stage ends (the same day is allowed:
one stage may end and the next begin on the same date). Stages left empty in a draft are
skipped, so the rule compares every stage with the nearest earlier stage that has dates.
Within a range stage, the end is on or after the start.

Date window: a passport's dates lie between 1 January 2015 (well before the lean programme
of 2022) and ten years from today — anything outside is a typing error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from lean_portal.formats import short_date

# The ten stages of the passport form («Сроки»), in the form's own words.
# Stages 1, 9 and 10 are single dates; 2–8 are date ranges.
STAGES: list[tuple[int, str, bool]] = [
    (1, "Согласование паспорта проекта", False),
    (2, "Картирование текущего состояния", True),
    (3, "Анализ проблем и потерь", True),
    (4, "Составление карты целевого состояния", True),
    (5, "Разработка плана мероприятий", True),
    (6, "Защита плана мероприятий перед заказчиком", True),
    (7, "Внедрение улучшений", True),
    (8, "Мониторинг результатов", True),
    (9, "Закрытие проекта", False),
    (10, "Мониторинг стабильности достигнутых результатов", False),
]
STAGE_NAMES = {number: name for number, name, _ in STAGES}
RANGE_STAGES = [number for number, _, is_range in STAGES if is_range]


def stage_field_names(number: int) -> tuple[str, str]:
    """The (start, end) model fields of stage ``number``; equal for single dates."""
    if number in RANGE_STAGES:
        return f"stage{number}_start", f"stage{number}_end"
    return f"stage{number}_date", f"stage{number}_date"


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    start: datetime.date | None
    end: datetime.date | None
    is_range: bool

    def is_overdue(self, today: datetime.date, current_stage: int | None) -> bool:
        """A stage is overdue when its end has passed and the project has not moved past it."""
        return self.end is not None and self.end < today and current_stage is not None and current_stage <= self.number


EARLIEST_DATE = datetime.date(2015, 1, 1)
HORIZON_YEARS = 10


def latest_date(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_YEARS, day=28)


def stage_date_errors(values: dict, today: datetime.date) -> dict[str, str]:
    """Errors of the «Сроки» dates in ``values`` (field name → date or None), by field at fault."""
    errors: dict[str, str] = {}
    latest = latest_date(today)
    for number, _name, _is_range in STAGES:
        for field in dict.fromkeys(stage_field_names(number)):
            value = values.get(field)
            if value is not None and not EARLIEST_DATE <= value <= latest:
                errors[field] = f"Дата должна быть в пределах с {short_date(EARLIEST_DATE)} по {short_date(latest)}."

    previous: tuple[int, datetime.date] | None = None
    for number, name, is_range in STAGES:
        start_field, end_field = stage_field_names(number)
        start, end = values.get(start_field), values.get(end_field)
        if is_range and start and end and end < start and end_field not in errors:
            errors[end_field] = (
                f"Окончание этапа {number} «{name}» не может быть раньше его начала ({short_date(start)})."
            )
        if start and previous and start < previous[1] and start_field not in errors:
            prev_number, prev_end = previous
            errors[start_field] = (
                f"Этап {number} «{name}» не может начинаться раньше окончания этапа {prev_number} "
                f"«{STAGE_NAMES[prev_number]}» ({short_date(prev_end)}): этапы идут друг за другом."
            )
        last = end or start
        if last:
            previous = (number, last)
    return errors


def stage_values(project) -> dict:
    fields = {f for number, _, _ in STAGES for f in stage_field_names(number)}
    return {f: getattr(project, f) for f in fields}


def all_stage_fields() -> list[str]:
    fields: list[str] = []
    for number, _, _ in STAGES:
        for f in dict.fromkeys(stage_field_names(number)):
            fields.append(f)
    return fields
