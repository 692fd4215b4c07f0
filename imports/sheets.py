"""The sheets an import file may hold and their columns: one declaration read by the templates
(``imports.templates``), the reader (``imports.reader``) and the import itself (``imports.engine``).

A column is found by its title in the file's header row, compared after normalising (case, «ё»,
spaces, a trailing «*» of required columns), so a sheet's columns may come in any order and a
column the portal does not know is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orgs.models import Municipality, Organisation
from projects.models import STAGES, Project, stage_field_names
from registries.models import Suggestion, Training

# Sheet keys, in the order they are imported (a later sheet refers to rows of an earlier one).
ORGANISATIONS = "organisations"
EMPLOYEES = "employees"
PROJECTS = "projects"
GOALS = "goals"
SUGGESTIONS = "suggestions"
TRAINING = "training"


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    # "text", "date", "decimal", "choice", "email", "organisation", "employee", "inn"
    kind: str = "text"
    required: bool = False
    note: str = ""
    example: object = ""
    width: float = 25
    max_length: int | None = None
    # For "choice": label → stored value.
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    fields: tuple[Field, ...]
    # Who may import the sheet: "office" (the office and administrators) or "organisation" (also an
    # organisation, for its own records).
    scope: str = "office"
    note: str = ""
    extra_titles: tuple[str, ...] = field(default=())

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


def _choices(text_choices) -> tuple[tuple[str, str], ...]:
    return tuple((str(label), value) for value, label in text_choices.choices)


ORG_NAME_NOTE = "Полное или краткое наименование организации, как в портале или на листе «Организации»."
DATE_NOTE = "Дата: дд.мм.гггг или дата Excel."

STAGE_FIELDS: list[Field] = []
for _number, _name, _is_range in STAGES:
    _start, _end = stage_field_names(_number)
    if _is_range:
        STAGE_FIELDS.append(Field(_start, f"Этап {_number}, с", "date", note=f"{_name}: начало. {DATE_NOTE}", width=12))
        STAGE_FIELDS.append(
            Field(_end, f"Этап {_number}, по", "date", note=f"{_name}: окончание. {DATE_NOTE}", width=12)
        )
    else:
        STAGE_FIELDS.append(Field(_start, f"Этап {_number}", "date", note=f"{_name}. {DATE_NOTE}", width=12))

STAGE_EXAMPLES = {
    "stage1_date": "15.01.2027",
    "stage2_start": "16.01.2027",
    "stage2_end": "31.01.2027",
    "stage3_start": "01.02.2027",
    "stage3_end": "15.02.2027",
    "stage4_start": "16.02.2027",
    "stage4_end": "28.02.2027",
    "stage5_start": "01.03.2027",
    "stage5_end": "15.03.2027",
    "stage6_start": "16.03.2027",
    "stage6_end": "20.03.2027",
    "stage7_start": "21.03.2027",
    "stage7_end": "30.06.2027",
    "stage8_start": "01.07.2027",
    "stage8_end": "30.09.2027",
    "stage9_date": "15.10.2027",
    "stage10_date": "15.04.2028",
}

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        ORGANISATIONS,
        "Организации",
        (
            Field(
                "full_name",
                "Полное наименование",
                required=True,
                max_length=500,
                width=50,
                note="По нему (или по ИНН) организация находится в портале: повторная загрузка её не дублирует.",
                example="Муниципальное бюджетное общеобразовательное учреждение «Пример средняя школа»",
            ),
            Field("short_name", "Краткое наименование", required=True, max_length=200, example="МБОУ «Пример СОШ»"),
            Field("inn", "ИНН", "inn", note="10 или 12 цифр; если указан, организация ищется по нему.", width=14),
            Field(
                "kind",
                "Вид",
                "choice",
                required=True,
                # The regional level's own bodies are not a municipality's to import.
                choices=tuple(c for c in _choices(Organisation.Kind) if c[1] != Organisation.Kind.REGIONAL),
                note="Выберите из списка.",
                example=str(Organisation.Kind.INSTITUTION.label),
            ),
            Field("sphere", "Сфера деятельности", "sphere", note="Из справочника сфер портала.", example="Образование"),
            Field(
                "parent",
                "Подчиняется",
                "organisation",
                note="Структурное подразделение, которому подведомственна организация. " + ORG_NAME_NOTE,
                example="Управление образования",
                width=35,
            ),
            Field("email", "Электронная почта", "email", max_length=254, example="school@example.ru"),
        ),
    ),
    SheetSpec(
        EMPLOYEES,
        "Сотрудники",
        (
            Field("last_name", "Фамилия", required=True, max_length=100, example="Иванова"),
            Field("first_name", "Имя", required=True, max_length=100, example="Анна"),
            Field("middle_name", "Отчество", max_length=100, example="Петровна"),
            Field("position", "Должность", required=True, max_length=300, example="Заместитель директора"),
            Field(
                "organisation",
                "Организация",
                "organisation",
                required=True,
                note=ORG_NAME_NOTE,
                example="МБОУ «Пример СОШ»",
            ),
            Field("email", "Электронная почта", "email", max_length=254, example="ivanova@example.ru"),
            Field(
                "lean_basics_completed_on",
                "Обучение основам бережливого управления",
                "date",
                note="Дата окончания обучения. " + DATE_NOTE,
                example="20.05.2026",
                width=16,
            ),
        ),
    ),
    SheetSpec(
        PROJECTS,
        "Проекты",
        (
            Field(
                "organisation",
                "Организация",
                "organisation",
                required=True,
                note=ORG_NAME_NOTE,
                example="МБОУ «Пример СОШ»",
            ),
            Field(
                "title",
                "Название бережливого проекта",
                required=True,
                max_length=500,
                width=45,
                note="По организации и названию проект находится в портале: повторная загрузка его не дублирует.",
                example="Сокращение времени записи в первый класс",
            ),
            Field(
                "kind",
                "Вид проекта",
                "choice",
                choices=_choices(Project.Kind),
                note="Выберите из списка; пусто — внутренний.",
                example=str(Project.Kind.INTERNAL.label),
            ),
            Field("sphere", "Сфера деятельности", "sphere", note="Из справочника сфер портала.", example="Образование"),
            Field(
                "state",
                "Состояние",
                "choice",
                choices=_choices(Project.State),
                note="Выберите из списка; пусто — черновик.",
                example=str(Project.State.IN_PROGRESS.label),
            ),
            Field(
                "customer",
                "Заказчик",
                "customer",
                max_length=500,
                note="Организация портала (" + ORG_NAME_NOTE.lower() + ") или наименование заказчика вне портала.",
                example="Управление образования",
            ),
            Field("process", "Процесс", max_length=500, example="Запись в первый класс", width=35),
            Field("process_start", "Граница процесса: начало", max_length=500, example="Подача заявления"),
            Field("process_end", "Граница процесса: окончание", max_length=500, example="Зачисление в школу"),
            Field(
                "lead",
                "Руководитель проекта",
                "employee",
                note="Ф.И.О. сотрудника организации проекта (в портале или на листе «Сотрудники»).",
                example="Иванова Анна Петровна",
                width=30,
            ),
            Field("effects", "Эффекты", example="Родители не стоят в очереди", width=35),
            Field(
                "replicates_source",
                "Тиражирует решение",
                max_length=500,
                note="Источник решения, если проект тиражирует чужой.",
            ),
            *(
                Field(f.key, f.title, f.kind, note=f.note, width=f.width, example=STAGE_EXAMPLES[f.key])
                for f in STAGE_FIELDS
            ),
        ),
    ),
    SheetSpec(
        GOALS,
        "Цели проектов",
        (
            Field(
                "organisation",
                "Организация",
                "organisation",
                required=True,
                note=ORG_NAME_NOTE,
                example="МБОУ «Пример СОШ»",
            ),
            Field(
                "project",
                "Проект",
                "project",
                required=True,
                note="Название проекта организации (в портале или на листе «Проекты»).",
                example="Сокращение времени записи в первый класс",
                width=40,
            ),
            Field("name", "Цель", required=True, max_length=500, example="Время записи", width=35),
            Field("unit", "Единица измерения", required=True, max_length=100, example="мин", width=12),
            Field(
                "current_value",
                "Текущий показатель",
                "decimal",
                required=True,
                note="Число; дробная часть через запятую или точку.",
                example="40",
                width=12,
            ),
            Field(
                "target_value",
                "Целевой показатель",
                "decimal",
                required=True,
                note="Число; должно отличаться от текущего.",
                example="10",
                width=12,
            ),
        ),
    ),
    SheetSpec(
        SUGGESTIONS,
        "Предложения по улучшению",
        (
            Field(
                "organisation",
                "Организация",
                "organisation",
                required=True,
                note=ORG_NAME_NOTE,
                example="МБОУ «Пример СОШ»",
            ),
            Field("title", "Кратко", max_length=300, example="Электронная очередь в столовой"),
            Field(
                "authors",
                "Авторы",
                "employees",
                required=True,
                note="Ф.И.О. сотрудников организации через точку с запятой.",
                example="Иванова Анна Петровна",
                width=35,
            ),
            Field("submitted_on", "Дата подачи", "date", required=True, note=DATE_NOTE, example="10.09.2026", width=12),
            Field("problem", "Проблема", required=True, example="Очередь в столовой на большой перемене", width=40),
            Field("solution", "Предлагаемое решение", required=True, example="Разнести перемены по классам", width=40),
            Field("expected_effect", "Ожидаемый эффект", example="Все успевают поесть"),
            Field(
                "state",
                "Состояние",
                "choice",
                choices=_choices(Suggestion.State),
                note="Выберите из списка; пусто — подано.",
                example=str(Suggestion.State.SUBMITTED.label),
            ),
            Field("implemented_on", "Дата внедрения", "date", note=DATE_NOTE, width=12),
            Field("achieved_effect", "Достигнутый эффект"),
            Field("rejection_reason", "Причина отклонения"),
        ),
        scope="organisation",
    ),
    SheetSpec(
        TRAINING,
        "Обучение",
        (
            Field(
                "organisation",
                "Организация",
                "organisation",
                required=True,
                note=ORG_NAME_NOTE,
                example="МБОУ «Пример СОШ»",
            ),
            Field(
                "employee",
                "Сотрудник",
                "employee",
                required=True,
                note="Ф.И.О. сотрудника организации.",
                example="Иванова Анна Петровна",
                width=30,
            ),
            Field(
                "kind",
                "Вид обучения",
                "choice",
                required=True,
                choices=_choices(Training.Kind),
                note="Выберите из списка.",
                example=str(Training.Kind.LEAN_BASICS.label),
                width=35,
            ),
            Field("provider", "Организатор обучения", max_length=300, example="АНО «Центр компетенций Кузбасса»"),
            Field("started_on", "Дата начала", "date", required=True, note=DATE_NOTE, example="01.04.2026", width=12),
            Field(
                "completed_on",
                "Дата окончания",
                "date",
                note=DATE_NOTE + " Пусто, пока обучение не завершено.",
                example="20.05.2026",
                width=12,
            ),
            Field(
                "hours", "Часов", "decimal", note="Число; дробная часть через запятую или точку.", example="36", width=8
            ),
        ),
        scope="organisation",
    ),
)

SHEETS_BY_KEY = {sheet.key: sheet for sheet in SHEETS}


def sheets_for(user) -> tuple[SheetSpec, ...]:
    """The sheets ``user`` may import: all for the office and administrators, an organisation's own
    suggestions and training for its staff."""
    if user.is_economy or user.is_portal_admin:
        return SHEETS
    return tuple(sheet for sheet in SHEETS if sheet.scope == "organisation")


def importing_municipality_id(user) -> int | None:
    """The municipality an import reads and writes: the importer's own; an administrator (who
    belongs to none) imports into the default municipality, the district of the first load."""
    if user.municipality_id is not None:
        return user.municipality_id
    if user.is_portal_admin:
        return Municipality.objects.default().pk
    return None
