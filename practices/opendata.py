"""The open data set «Банк бережливых практик»: its passport and its published field list.

One declared list of fields (``FIELDS``) is the contract: the CSV header, the JSON objects, the
API's records, ``structure.csv`` (the field list in the form of the Russian open-data
methodology: field name, English description, Russian description, format) and the JSON Schema
are all made from it, so they cannot drift apart. Nothing in a record identifies a person beyond
the published practice card: the project lead's name and position.
"""

from __future__ import annotations

from dataclasses import dataclass

IDENTIFIER = "lean-practices"
TITLE = "Банк бережливых практик региона"
DESCRIPTION = (
    "Бережливые проекты органов власти, муниципальных образований и учреждений региона, признанные "
    "бережливыми по официальной (согласованной) оценке значимости и получившие по критерию 6 "
    "«Тиражирование бережливых проектов» 1 или 1,5 балла: процесс, проблема, решение, цели, "
    "подтверждённые эффекты, контакты и число тиражирований."
)
PUBLISHER = "Региональный проектный офис программы «Эффективный регион»"
LICENCE = "Creative Commons «Атрибуция» 4.0 Международная (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"
STANDARD = "Методические рекомендации по публикации открытых данных, версия 3.0"


@dataclass(frozen=True)
class Field:
    name: str
    format: str  # integer, number, string, date, datetime
    title: str  # Russian description
    english: str
    nullable: bool = False
    choices: tuple[str, ...] = ()


FORMATS = ("integer", "number", "string", "date", "datetime")
STATUSES = ("federal", "regional", "municipal")

FIELDS: tuple[Field, ...] = (
    Field("id", "integer", "Номер практики (номер проекта в портале)", "Practice identifier"),
    Field("title", "string", "Название бережливого проекта", "Project title"),
    Field("municipality", "string", "Муниципальное образование", "Municipality"),
    Field("municipality_code", "string", "Код муниципального образования в адресах портала", "Municipality code"),
    Field("organisation", "string", "Полное наименование организации", "Organisation"),
    Field("organisation_email", "string", "Электронная почта организации", "Organisation e-mail"),
    Field("sphere", "string", "Сфера деятельности", "Sphere of activity"),
    Field("process", "string", "Процесс", "Process"),
    Field("process_start", "string", "Граница процесса: начало", "Process starts at"),
    Field("process_end", "string", "Граница процесса: окончание", "Process ends at"),
    Field("problem", "string", "Проблема: пункты обоснования паспорта через «; »", "Problem (justification)"),
    Field("solution", "string", "Решение и ожидаемые эффекты (раздел «Эффекты» паспорта)", "Solution"),
    Field("goals", "string", "Цели: «цель (ед. изм.): текущий → целевой» через «; »", "Goals"),
    Field(
        "confirmed_effects",
        "string",
        "Подтверждённые управлением экономического развития фактические эффекты через «; »",
        "Confirmed effects",
    ),
    Field("status", "string", "Статус проекта по оценке значимости", "Significance status", choices=STATUSES),
    Field("status_label", "string", "Статус словами Положения", "Significance status, in words"),
    Field("total_score", "number", "Общий балл оценки значимости", "Total score"),
    Field("replication_score", "number", "Балл по критерию 6 «Тиражирование»", "Replication criterion score"),
    Field("replicability", "string", "Возможность тиражирования (показатель критерия 6)", "Replicability"),
    Field("assessed_on", "date", "Дата оценки значимости (ГГГГ-ММ-ДД)", "Assessment date"),
    Field("project_state", "string", "Состояние проекта", "Project state"),
    Field("lead_name", "string", "Ф.И.О. руководителя бережливого проекта", "Project lead"),
    Field("lead_position", "string", "Должность руководителя бережливого проекта", "Project lead's position"),
    Field("replications_count", "integer", "Число тиражирований в регионе", "Replications in the region"),
    Field(
        "source_practice_id",
        "integer",
        "Номер проекта, решение которого тиражирует эта практика (пусто — собственное решение)",
        "Replicated practice",
        nullable=True,
    ),
    Field("api_url", "string", "Адрес записи в API практик", "API address of the record"),
    Field("updated_at", "datetime", "Дата и время последнего изменения (ISO 8601, UTC)", "Last change"),
)
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS)

# ISO 8601, as the files write them.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def _field_schema(field: Field) -> dict:
    if field.format in ("integer", "number", "string"):
        schema: dict = {"type": field.format}
    else:
        schema = {"type": "string", "pattern": DATE_PATTERN if field.format == "date" else DATETIME_PATTERN}
    if field.choices:
        schema["enum"] = list(field.choices)
    if field.nullable:
        schema["type"] = [schema["type"], "null"]
    schema["description"] = field.title
    return schema


def record_schema() -> dict:
    """One practice (JSON Schema, draft 2020-12): every field required, no other field."""
    return {
        "type": "object",
        "properties": {field.name: _field_schema(field) for field in FIELDS},
        "required": list(FIELD_NAMES),
        "additionalProperties": False,
    }


def json_schema(schema_url: str) -> dict:
    """The schema of ``data.json``: an array of practices."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": TITLE,
        "description": DESCRIPTION,
        "type": "array",
        "items": record_schema(),
    }


STRUCTURE_HEADER = ("field name", "english description", "russian description", "format")


def structure_rows() -> list[tuple[str, str, str, str]]:
    """``structure.csv``: the field list as the methodology asks."""
    return [(field.name, field.english, field.title, field.format) for field in FIELDS]
