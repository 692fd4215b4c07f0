"""The import: reads the file (``imports.reader``), checks every row into a report and, when asked
to apply it, writes the records — matching, not duplicating.

The same code runs twice on an upload: once to check (nothing is written; the report lists every
error and warning and counts the rows to create and to update) and, after the user confirms, once
to apply inside one transaction, where any error undoes everything. Rows are streamed; only the
keys needed to match rows to records are held in memory, and records are written in chunks.

Matching: organisations by ИНН where given, else by full name; employees by name within their
organisation; projects by organisation and title; goals by project and name; suggestions by
organisation, date and problem; training by employee, kind and start date. A blank optional cell
leaves the stored value as it is. Re-importing the same file finds every row unchanged.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from imports import reader
from imports.sheets import (
    EMPLOYEES,
    GOALS,
    ORGANISATIONS,
    PROJECTS,
    SHEETS,
    STAGE_FIELDS,
    SUGGESTIONS,
    TRAINING,
    Field,
    SheetSpec,
    importing_municipality_id,
    sheets_for,
)
from lean_portal.exporters import LISTS_SHEET
from lean_portal.formats import short_date
from lean_portal.search import normalise
from orgs.access import can_write_organisation
from orgs.models import Employee, Organisation, Sphere
from projects.models import Goal, Project
from projects.rules import goal_errors, stage_date_errors
from registries.models import Suggestion, Training

CHUNK = 1000
PROGRESS_EVERY = 500
# Links kept per sheet on the result page (the rest are found in the registers).
RESULT_LINKS = 200
SIMILAR_CUTOFF = 0.85
# A history record's reason holds at most 100 characters (django-simple-history).
REASON_LIMIT = 100


@dataclass
class Issue:
    sheet: str
    row: int | None
    column: str | None
    message: str
    level: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = [f"Лист «{self.sheet}»"] if self.sheet else []
        if self.row:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)
    # Sheet title → {"rows", "create", "update", "unchanged"}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    # Sheet key → [[id, label], …] (apply only; the first RESULT_LINKS)
    created: dict[str, list] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def total(self, what: str) -> int:
        return sum(c.get(what, 0) for c in self.counts.values())

    def as_json(self) -> dict:
        return {"issues": [asdict(i) for i in self.issues], "counts": self.counts, "created": self.created}

    @classmethod
    def from_json(cls, data: dict | None) -> Report:
        data = data or {}
        return cls(
            issues=[Issue(**i) for i in data.get("issues", [])],
            counts=data.get("counts", {}),
            created=data.get("created", {}),
        )


class ImportFailed(Exception):
    """Applying found errors (the file changed, or the database did since the check): nothing written."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


class Pending:
    """A record the file creates, before it exists (the check writes nothing)."""

    __slots__ = ("label",)

    def __init__(self, label: str):
        self.label = label


@dataclass
class Row:
    number: int
    values: dict
    key: tuple
    match: int | None  # the id of the record matched, or None to create


def person_key(last: str, first: str, middle: str) -> str:
    return normalise(" ".join(p for p in (last, first, middle) if p))


def person_short_key(last: str, first: str, middle: str) -> str:
    initials = "".join(f"{p[0]}." for p in (first, middle) if p)
    return normalise(f"{last} {initials}")


# Closest names are proposed from at most this many candidates: a row's check stays short.
CLOSEST_LIMIT = 2000


def closest(name: str, candidates) -> str | None:
    if len(candidates) > CLOSEST_LIMIT:
        return None
    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


class Importer:
    """``Importer(path=…, user=…, file_name=…).check()`` or ``.apply()``; both return a ``Report``."""

    def __init__(
        self,
        *,
        path,
        user,
        file_name: str,
        progress: Callable[[int, int], None] | None = None,
        today: datetime.date | None = None,
    ):
        self.path = path
        self.user = user
        self.file_name = file_name
        self.progress = progress or (lambda done, total: None)
        self.today = today or timezone.localdate()
        self.reason = f"импорт из файла «{file_name}»"
        if len(self.reason) > REASON_LIMIT:
            self.reason = f"импорт из файла «{file_name[: REASON_LIMIT - 20]}…»"
        self.report = Report()
        self.writing = False
        self.allowed = sheets_for(user)
        # Everything is matched within, and created in, the importer's municipality: an office's import
        # never reads or touches another municipality (an administrator's goes to the default one).
        self.municipality_id = importing_municipality_id(user)
        self.done = 0
        self.total = 0
        self.error_count = 0

    # --- Entry points ---------------------------------------------------------------------

    def check(self) -> Report:
        self.writing = False
        self._run()
        return self.report

    def apply(self) -> Report:
        """Write everything in one transaction; ImportFailed (nothing written) on any error."""
        self.writing = True
        with transaction.atomic():
            self._run()
            if self.error_count:
                raise ImportFailed(self.report)
        return self.report

    # --- The walk over the file -----------------------------------------------------------

    def _run(self) -> None:
        try:
            workbook = reader.open_workbook(self.path)
        except reader.FileUnreadable as error:
            self.report.issues.append(Issue("", None, None, str(error)))
            return
        try:
            self._load_indexes()
            found: dict[str, object] = {}
            for name, spec, ws in reader.iter_sheets(workbook):
                if spec is None:
                    if name != LISTS_SHEET:
                        self.warn(name, None, None, "лист не относится ни к одному реестру портала и пропущен.")
                    continue
                if spec.key in found:
                    self.error(name, None, None, f"второй лист «{spec.title}» в файле: оставьте один.")
                    continue
                found[spec.key] = ws
                self.total += max((ws.max_row or 1) - 1, 0)
            if not found:
                self.error(
                    "",
                    None,
                    None,
                    "В файле нет ни одного листа шаблона: " + ", ".join(f"«{s.title}»" for s in self.allowed) + ".",
                )
            for spec in SHEETS:
                ws = found.get(spec.key)
                if ws is None:
                    continue
                if spec not in self.allowed:
                    self.error(
                        ws.title,
                        None,
                        None,
                        "этот реестр загружают управление экономического развития и администратор; "
                        "организация загружает свои предложения по улучшению и обучение.",
                    )
                    continue
                self._sheet(spec, ws)
        finally:
            workbook.close()
        self.progress(self.total, self.total)

    def _sheet(self, spec: SheetSpec, ws) -> None:
        sheet = reader.read_sheet(ws, spec)
        counts = self.report.counts.setdefault(spec.title, {"rows": 0, "create": 0, "update": 0, "unchanged": 0})
        if sheet is None:
            if (ws.max_row or 0) <= 1 and (ws.max_column or 0) <= 1:
                self.warn(ws.title, None, None, "лист пуст.")
            else:
                self.error(
                    ws.title,
                    None,
                    None,
                    "не найдена строка заголовков (в первых десяти строках): возьмите заголовки из шаблона.",
                )
            return
        for missing in sheet.missing:
            self.error(ws.title, sheet.header_row, missing.title, "обязательный столбец не найден в строке заголовков.")
        if sheet.missing:
            return
        handler = HANDLERS[spec.key](self, spec, ws.title)
        seen: dict[tuple, int] = {}
        pending: list[Row] = []
        for number, raw in sheet.rows:
            counts["rows"] += 1
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, max(self.total, self.done))
            values = self._parse(spec, ws.title, number, raw)
            if values is None:
                continue
            row = handler.resolve(number, values)
            if row is None:
                continue
            if row.key in seen:
                self.error(ws.title, number, None, f"повторяет строку {seen[row.key]}: такая запись в файле уже есть.")
                continue
            seen[row.key] = number
            pending.append(row)
            if len(pending) >= CHUNK:
                handler.flush(pending, counts)
                pending = []
        handler.flush(pending, counts)
        handler.finish()
        if counts["rows"] == 0:
            self.warn(ws.title, None, None, "на листе нет строк с данными.")

    # --- Values ---------------------------------------------------------------------------

    def _parse(self, spec: SheetSpec, sheet: str, number: int, raw: dict) -> dict | None:
        """The row's values by field key, or None when a cell is wrong (each reported)."""
        values: dict = {}
        ok = True
        for f in spec.fields:
            value = raw.get(f.key)
            if value is reader.FORMULA:
                self.error(sheet, number, f.title, "в ячейке формула: вставьте вместо неё значение.")
                ok = False
                continue
            try:
                values[f.key] = self._value(f, value)
            except ValidationError as error:
                self.error(sheet, number, f.title, error.messages[0])
                ok = False
        return values if ok else None

    def _value(self, f: Field, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            if f.required:
                raise ValidationError("обязательное поле не заполнено.")
            return None
        if f.kind == "date":
            try:
                date = reader.parse_date(value)
            except ValueError:
                raise ValidationError(f"«{reader.text(value)}» — не дата: введите дд.мм.гггг.") from None
            if not datetime.date(2000, 1, 1) <= date <= datetime.date(2100, 12, 31):
                raise ValidationError(f"дата {short_date(date)} вне разумных пределов.")
            return date
        if f.kind == "decimal":
            try:
                number = reader.parse_decimal(value)
            except ValueError:
                raise ValidationError(f"«{reader.text(value)}» — не число.") from None
            if abs(number) >= Decimal("1e12"):
                raise ValidationError("слишком большое число.")
            return number.quantize(Decimal("0.01")) if number.as_tuple().exponent < -2 else number
        if f.key in ("problem", "solution", "expected_effect", "achieved_effect", "rejection_reason", "effects"):
            return reader.long_text(value)
        text = reader.text(value)
        if f.max_length and len(text) > f.max_length:
            raise ValidationError(f"не длиннее {f.max_length} знаков (сейчас {len(text)}).")
        if f.kind == "choice":
            wanted = normalise(text)
            for label, stored in f.choices:
                if normalise(label) == wanted or stored == text:
                    return stored
            options = "; ".join(f"«{label}»" for label, _ in f.choices)
            raise ValidationError(f"«{text}» — нет в списке. Возможные значения: {options}.")
        if f.kind == "email":
            try:
                validate_email(text)
            except ValidationError:
                raise ValidationError(f"«{text}» — не адрес электронной почты.") from None
        if f.kind == "inn" and not (text.isdigit() and len(text) in (10, 12)):
            raise ValidationError(f"«{text}» — ИНН состоит из 10 или 12 цифр.")
        return text

    # --- Reporting ------------------------------------------------------------------------

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.error_count += 1
        self.report.issues.append(Issue(sheet, row, column, message))

    def warn(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.report.issues.append(Issue(sheet, row, column, message, "warning"))

    def created(self, key: str, objects) -> None:
        links = self.report.created.setdefault(key, [])
        for obj in objects:
            if len(links) >= RESULT_LINKS:
                break
            links.append([obj.pk, str(obj)])

    # --- Indexes of what is stored --------------------------------------------------------

    def _load_indexes(self) -> None:
        spheres = Sphere.objects.of_municipality(self.municipality_id)
        self.spheres = {normalise(name): pk for pk, name in spheres.values_list("pk", "name")}
        self.sphere_names = list(spheres.values_list("name", flat=True))
        # Organisations by full name, by short name (possibly several) and by ИНН.
        self.org_by_full: dict[str, object] = {}
        self.org_by_short: dict[str, list] = {}
        self.org_by_inn: dict[str, object] = {}
        self.org_names: list[str] = []
        self.org_label: dict = {}
        self.org_objects: dict = {}
        organisations = Organisation.objects.filter(municipality_id=self.municipality_id)
        for org in organisations.only("pk", "full_name", "short_name", "inn", "parent_id"):
            self._index_org(org.pk, org.full_name, org.short_name, org.inn)
            self.org_objects[org.pk] = org
        self.people: dict[tuple, object] = {}
        self.people_short: dict[tuple, list] = {}
        # Stored people only (the file's rows are not proposed as their own duplicates).
        self.people_names: dict[object, list[str]] = {}
        self.people_by_surname: dict[tuple, list[str]] = {}
        for pk, org_id, last, first, middle in Employee.objects.filter(
            organisation__municipality_id=self.municipality_id
        ).values_list("pk", "organisation_id", "last_name", "first_name", "middle_name"):
            self._index_person(pk, org_id, last, first, middle)
            full = " ".join(p for p in (last, first, middle) if p)
            self.people_names.setdefault(org_id, []).append(full)
            self.people_by_surname.setdefault((org_id, normalise(last)), []).append(full)
        self.projects: dict[tuple, object] = {}
        self.project_titles: dict[object, list[str]] = {}

    def _index_org(self, ref, full_name: str, short_name: str, inn: str) -> None:
        self.org_by_full[normalise(full_name)] = ref
        self.org_by_short.setdefault(normalise(short_name), []).append(ref)
        if inn:
            self.org_by_inn[inn] = ref
        self.org_names.extend((full_name, short_name))
        self.org_label[ref] = short_name

    def _index_person(self, ref, org_ref, last: str, first: str, middle: str) -> None:
        self.people[(org_ref, person_key(last, first, middle))] = ref
        self.people_short.setdefault((org_ref, person_short_key(last, first, middle)), []).append(ref)

    def load_projects(self) -> None:
        if self.projects:
            return
        projects = Project.objects.filter(organisation__municipality_id=self.municipality_id)
        for pk, org_id, title in projects.values_list("pk", "organisation_id", "title"):
            self.projects[(org_id, normalise(title))] = pk
            self.project_titles.setdefault(org_id, []).append(title)

    def organisation(self, sheet: str, number: int, column: str, name: str | None, *, own: bool = False):
        """The organisation a cell names (its id, or a Pending one of this file); None, reported, when unknown."""
        if not name:
            return None
        key = normalise(name)
        ref = self.org_by_full.get(key)
        if ref is None:
            refs = self.org_by_short.get(key, [])
            if len(refs) > 1:
                self.error(
                    sheet, number, column, f"несколько организаций называются «{name}»: укажите полное наименование."
                )
                return None
            ref = refs[0] if refs else None
        if ref is None:
            guess = closest(name, self.org_names)
            hint = f" Возможно, имелась в виду «{guess}»." if guess else ""
            self.error(
                sheet, number, column, f"организация «{name}» не найдена ни в портале, ни на листе «Организации».{hint}"
            )
            return None
        if own and not (self.user.is_economy or self.user.is_portal_admin):
            org = self.org_objects.get(ref)
            if org is None or not can_write_organisation(self.user, org):
                self.error(sheet, number, column, "организация загружает только свои записи.")
                return None
        return ref

    def employee(self, sheet: str, number: int, column: str, org_ref, name: str | None):
        if not name or org_ref is None:
            return None
        key = normalise(name)
        ref = self.people.get((org_ref, key))
        if ref is None:
            refs = self.people_short.get((org_ref, key), [])
            if len(refs) > 1:
                self.error(
                    sheet, number, column, f"в организации несколько сотрудников «{name}»: укажите Ф.И.О. полностью."
                )
                return None
            ref = refs[0] if refs else None
        if ref is None:
            guess = closest(name, self.people_names.get(org_ref, []))
            hint = f" Возможно, «{guess}»." if guess else ""
            self.error(
                sheet,
                number,
                column,
                f"сотрудник «{name}» не найден в организации «{self.org_label.get(org_ref, '')}» "
                f"(ни в портале, ни на листе «Сотрудники»).{hint}",
            )
        return ref

    def sphere(self, sheet: str, number: int, column: str, name: str | None):
        if not name:
            return None
        pk = self.spheres.get(normalise(name))
        if pk is None:
            guess = closest(name, self.sphere_names)
            hint = f" Возможно, «{guess}»." if guess else ""
            self.error(sheet, number, column, f"сферы «{name}» нет в справочнике портала.{hint}")
        return pk


# --- Per-sheet handlers ---------------------------------------------------------------------


class Handler:
    model: type[models.Model]
    # Fields compared with a matched record and written; None values (blank cells) are left alone.
    fields: tuple[str, ...] = ()

    def __init__(self, importer: Importer, spec: SheetSpec, sheet: str):
        self.imp = importer
        self.spec = spec
        self.sheet = sheet

    def title(self, key: str) -> str:
        return self.spec.field(key).title

    def error(self, number: int, key: str | None, message: str) -> None:
        self.imp.error(self.sheet, number, self.title(key) if key else None, message)

    def warn(self, number: int, key: str | None, message: str) -> None:
        self.imp.warn(self.sheet, number, self.title(key) if key else None, message)

    def resolve(self, number: int, values: dict) -> Row | None:
        """The row checked and matched to a stored record (None when it has errors). Each sheet's
        handler below defines it; the base class only says what it answers."""
        raise NotImplementedError(f"{type(self).__name__} must define resolve()")

    def attributes(self, row: Row) -> dict:
        """Model attribute → value, for the fields the row gives."""
        return {name: row.values[name] for name in self.fields if row.values.get(name) is not None}

    def new(self, row: Row) -> models.Model:
        return self.model(**self.attributes(row))

    def flush(self, rows: list[Row], counts: dict) -> None:
        """Count (and, when writing, make) the creations and updates of a chunk of rows."""
        if not rows:
            return
        self.update([row for row in rows if row.match is not None], counts)
        self.create([row for row in rows if row.match is None], counts)

    def update(self, matched: list[Row], counts: dict) -> None:
        existing = self.model._default_manager.in_bulk([row.match for row in matched])
        changed, changed_fields = [], set()
        for row in matched:
            obj = existing.get(row.match)
            if obj is None:
                continue
            differ = {name: value for name, value in self.attributes(row).items() if getattr(obj, name) != value}
            if differ:
                for name, value in differ.items():
                    setattr(obj, name, value)
                changed.append(obj)
                changed_fields.update(differ)
                counts["update"] += 1
            else:
                counts["unchanged"] += 1
        if changed and self.imp.writing:
            fields = sorted(changed_fields)
            if hasattr(self.model, "refresh_search_text"):
                for obj in changed:
                    obj.refresh_search_text()
                fields.append("search_text")
            bulk_update_with_history(
                changed, self.model, fields, default_user=self.imp.user, default_change_reason=self.imp.reason
            )

    def create(self, new_rows: list[Row], counts: dict) -> None:
        counts["create"] += len(new_rows)
        if new_rows and self.imp.writing:
            objects = [self.new(row) for row in new_rows]
            objects = bulk_create_with_history(
                objects, self.model, default_user=self.imp.user, default_change_reason=self.imp.reason
            )
            self.after_create(new_rows, objects)
            self.imp.created(self.spec.key, objects)

    def after_create(self, rows: list[Row], objects: list) -> None:
        """Index the new records by their keys, for later sheets."""

    def finish(self) -> None:
        pass


class OrganisationHandler(Handler):
    model = Organisation
    fields = ("full_name", "short_name", "inn", "kind", "sphere_id", "parent_id", "email")

    def resolve(self, number, values):
        imp = self.imp
        values["sphere_id"] = imp.sphere(self.sheet, number, self.title("sphere"), values["sphere"])
        if values["sphere"] and values["sphere_id"] is None:
            return None
        values["parent_id"] = imp.organisation(self.sheet, number, self.title("parent"), values["parent"])
        if values["parent"] and values["parent_id"] is None:
            return None
        match = imp.org_by_inn.get(values["inn"]) if values["inn"] else None
        if match is None:
            match = imp.org_by_full.get(normalise(values["full_name"]))
        if match is not None and match is values["parent_id"]:
            self.error(number, "parent", "организация не может подчиняться сама себе.")
            return None
        key = (values["inn"] or normalise(values["full_name"]),)
        if match is None and Organisation.objects.filter(full_name__iexact=values["full_name"]).exists():
            # Full names are unique in the region: another municipality's organisation holds this one.
            self.error(
                number,
                "full_name",
                "организация с таким полным наименованием уже есть в другом муниципальном образовании: "
                "укажите полное наименование, принятое в вашем муниципальном образовании.",
            )
            return None
        row = Row(number, values, key, match)
        if match is None:
            # Created at once (organisations are few): later rows may name it as their parent.
            if imp.writing:
                org = Organisation(**self.attributes(row), municipality_id=imp.municipality_id)
                org._change_reason = imp.reason
                org._history_user = imp.user
                org.save()
                ref = org.pk
                imp.org_objects[ref] = org
                imp.created(self.spec.key, [org])
            else:
                ref = Pending(values["short_name"])
            imp._index_org(ref, values["full_name"], values["short_name"], values["inn"] or "")
        return row

    def create(self, new_rows, counts):
        counts["create"] += len(new_rows)  # saved in ``resolve``


class EmployeeHandler(Handler):
    model = Employee
    fields = (
        "last_name",
        "first_name",
        "middle_name",
        "position",
        "organisation_id",
        "email",
        "lean_basics_completed_on",
    )

    def resolve(self, number, values):
        imp = self.imp
        org = imp.organisation(self.sheet, number, self.title("organisation"), values["organisation"])
        if org is None:
            return None
        values["organisation_id"] = org
        names = (values["last_name"], values["first_name"], values["middle_name"] or "")
        key = (org, person_key(*names))
        match = imp.people.get(key)
        if match is None:
            namesakes = imp.people_by_surname.get((org, normalise(names[0])), [])
            guess = closest(" ".join(p for p in names if p), namesakes)
            if guess:
                self.warn(
                    number, "last_name", f"похож на сотрудника «{guess}» этой организации (будет добавлен новый)."
                )
            values["_pending"] = Pending(" ".join(names))
            imp._index_person(values["_pending"], org, *names)
        return Row(number, values, key, match)

    def after_create(self, rows, objects):
        for row, obj in zip(rows, objects, strict=True):
            names = (obj.last_name, obj.first_name, obj.middle_name)
            org = row.values["organisation_id"]
            pending = row.values["_pending"]
            self.imp.people[(org, person_key(*names))] = obj.pk
            short = self.imp.people_short[(org, person_short_key(*names))]
            short[short.index(pending)] = obj.pk

    def new(self, row):
        employee = super().new(row)
        employee.middle_name = employee.middle_name or ""
        return employee


class ProjectHandler(Handler):
    model = Project
    fields = (
        "organisation_id",
        "title",
        "kind",
        "sphere_id",
        "state",
        "customer_organisation_id",
        "customer",
        "process",
        "process_start",
        "process_end",
        "lead_id",
        "effects",
        "replicates_source",
        *(f.key for f in STAGE_FIELDS),
    )

    def __init__(self, *args):
        super().__init__(*args)
        self.imp.load_projects()

    def resolve(self, number, values):
        imp = self.imp
        org = imp.organisation(self.sheet, number, self.title("organisation"), values["organisation"])
        if org is None:
            return None
        values["organisation_id"] = org
        ok = True
        values["sphere_id"] = imp.sphere(self.sheet, number, self.title("sphere"), values["sphere"])
        ok &= not (values["sphere"] and values["sphere_id"] is None)
        customer = values.pop("customer")
        values["customer_organisation_id"] = None
        if customer:
            key = normalise(customer)
            ref = imp.org_by_full.get(key) or next(iter(imp.org_by_short.get(key, [])), None)
            if ref is not None:
                values["customer_organisation_id"] = ref
            else:
                values["customer"] = customer
        lead = values.pop("lead")
        values["lead_id"] = imp.employee(self.sheet, number, self.title("lead"), org, lead)
        ok &= not (lead and values["lead_id"] is None)
        for field_name, message in stage_date_errors(values, imp.today).items():
            self.error(number, field_name, message[0].lower() + message[1:])
            ok = False
        if not ok:
            return None
        key = (org, normalise(values["title"]))
        match = imp.projects.get(key)
        if match is None:
            guess = closest(values["title"], imp.project_titles.get(org, []))
            if guess and difflib.SequenceMatcher(None, normalise(guess), key[1]).ratio() >= SIMILAR_CUTOFF:
                self.warn(number, "title", f"похож на проект «{guess}» этой организации (будет создан новый проект).")
            imp.projects[key] = Pending(values["title"])
        return Row(number, values, key, match)

    def new(self, row):
        project = super().new(row)
        project.created_by = self.imp.user
        return project

    def after_create(self, rows, objects):
        for row, obj in zip(rows, objects, strict=True):
            self.imp.projects[row.key] = obj.pk


class GoalHandler(Handler):
    model = Goal
    fields = ("project_id", "name", "unit", "current_value", "target_value")

    def __init__(self, *args):
        super().__init__(*args)
        self.imp.load_projects()
        self.goals = {
            (project_id, normalise(name)): pk
            for pk, project_id, name in Goal.objects.values_list("pk", "project_id", "name")
        }
        self.positions: dict = {}  # project → the last position given in this file

    def resolve(self, number, values):
        imp = self.imp
        org = imp.organisation(self.sheet, number, self.title("organisation"), values["organisation"])
        if org is None:
            return None
        project = imp.projects.get((org, normalise(values["project"])))
        if project is None:
            guess = closest(values["project"], imp.project_titles.get(org, []))
            hint = f" Возможно, «{guess}»." if guess else ""
            self.error(number, "project", f"проект «{values['project']}» этой организации не найден.{hint}")
            return None
        for field_name, message in goal_errors(values["current_value"], values["target_value"]).items():
            self.error(number, field_name, message[0].lower() + message[1:])
            return None
        values["project_id"] = project
        key = (project, normalise(values["name"]))
        self.positions[project] = values["position"] = self.positions.get(project, 0) + 1
        return Row(number, values, key, self.goals.get(key))

    def new(self, row):
        goal = super().new(row)
        goal.position = row.values["position"]
        return goal


class SuggestionHandler(Handler):
    model = Suggestion
    fields = (
        "organisation_id",
        "title",
        "submitted_on",
        "problem",
        "solution",
        "expected_effect",
        "state",
        "implemented_on",
        "achieved_effect",
        "rejection_reason",
    )

    def __init__(self, *args):
        super().__init__(*args)
        queryset = Suggestion.objects.filter(organisation__municipality_id=self.imp.municipality_id)
        if not (self.imp.user.is_economy or self.imp.user.is_portal_admin):
            queryset = queryset.filter(organisation_id=self.imp.user.organisation_id)
        self.existing = {
            (org, date, normalise(problem)): pk
            for pk, org, date, problem in queryset.values_list("pk", "organisation_id", "submitted_on", "problem")
        }
        self.authors: dict[tuple, list] = {}

    def resolve(self, number, values):
        imp = self.imp
        org = imp.organisation(self.sheet, number, self.title("organisation"), values["organisation"], own=True)
        if org is None:
            return None
        values["organisation_id"] = org
        authors = []
        for name in (n.strip() for n in values["authors"].replace(",", ";").split(";")):
            if name:
                ref = imp.employee(self.sheet, number, self.title("authors"), org, name)
                if ref is None:
                    return None
                authors.append(ref)
        if values["state"] == Suggestion.State.IMPLEMENTED and not values["implemented_on"]:
            self.error(number, "implemented_on", "для внедрённого предложения укажите дату внедрения.")
            return None
        if values["implemented_on"] and values["implemented_on"] < values["submitted_on"]:
            self.error(number, "implemented_on", "дата внедрения раньше даты подачи.")
            return None
        key = (org, values["submitted_on"], normalise(values["problem"]))
        self.authors[key] = authors
        return Row(number, values, key, self.existing.get(key))

    def new(self, row):
        suggestion = super().new(row)
        suggestion.state = suggestion.state or Suggestion.State.SUBMITTED
        suggestion.created_by = self.imp.user
        return suggestion

    def after_create(self, rows, objects):
        through = Suggestion.authors.through
        links = [
            through(suggestion_id=obj.pk, employee_id=author)
            for row, obj in zip(rows, objects, strict=True)
            for author in self.authors[row.key]
        ]
        through.objects.bulk_create(links)


class TrainingHandler(Handler):
    model = Training
    fields = ("employee_id", "kind", "provider", "started_on", "completed_on", "hours")

    def __init__(self, *args):
        super().__init__(*args)
        queryset = Training.objects.filter(employee__organisation__municipality_id=self.imp.municipality_id)
        if not (self.imp.user.is_economy or self.imp.user.is_portal_admin):
            queryset = queryset.filter(employee__organisation_id=self.imp.user.organisation_id)
        self.existing = {
            (employee, kind, started): pk
            for pk, employee, kind, started in queryset.values_list("pk", "employee_id", "kind", "started_on")
        }

    def resolve(self, number, values):
        imp = self.imp
        org = imp.organisation(self.sheet, number, self.title("organisation"), values["organisation"], own=True)
        if org is None:
            return None
        employee = imp.employee(self.sheet, number, self.title("employee"), org, values["employee"])
        if employee is None:
            return None
        if values["completed_on"] and values["completed_on"] < values["started_on"]:
            self.error(number, "completed_on", "дата окончания раньше даты начала.")
            return None
        values["employee_id"] = employee
        key = (employee, values["kind"], values["started_on"])
        return Row(number, values, key, self.existing.get(key))

    def new(self, row):
        training = super().new(row)
        training.created_by = self.imp.user
        return training


HANDLERS: dict[str, type[Handler]] = {
    ORGANISATIONS: OrganisationHandler,
    EMPLOYEES: EmployeeHandler,
    PROJECTS: ProjectHandler,
    GOALS: GoalHandler,
    SUGGESTIONS: SuggestionHandler,
    TRAINING: TrainingHandler,
}
