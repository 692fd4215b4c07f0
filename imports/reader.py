"""Reading an import file: openpyxl in read-only (streaming) mode, one row at a time, so a file of
50,000 rows takes as little memory as one of fifty.

Values are read as typed: a formula is never evaluated and never taken for a value (the cell
is reported: «вставьте значение вместо формулы»), since a formula's cached result may be stale
and a file written by a program has none. The header row is the first of the first ten rows that
holds the title of a required column, so a title row above it (merged across the columns, say)
is skipped.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from imports.sheets import SHEETS, Field, SheetSpec
from lean_portal.search import normalise

HEADER_SEARCH_ROWS = 10

# A cell whose formula we refuse: the raw value openpyxl gives for it.
FORMULA = object()

DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


class FileUnreadable(Exception):
    """The file is not an .xlsx workbook we can open (Russian message)."""


def title_key(title) -> str:
    """A header title as compared: case, «ё», spaces and a trailing «*» do not matter."""
    return normalise(str(title or "")).rstrip("* ").strip()


def text(value) -> str:
    """A cell as text: spaces collapsed, numbers without a spurious «.0»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return " ".join(str(value).split())


def long_text(value) -> str:
    """Text that may hold paragraphs: each line's spaces collapsed, empty lines dropped."""
    if value is None:
        return ""
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def parse_date(value) -> datetime.date:
    """An Excel date or «дд.мм.гггг» text (ISO «гггг-мм-дд» too); ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)):
        raise ValueError("number")
    raw = text(value)
    match = DATE_RE.match(raw)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    match = ISO_DATE_RE.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    raise ValueError(raw)


def parse_decimal(value) -> Decimal:
    """A number, or text with a decimal comma or point and spaces between thousands."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = "".join(str(value).split()).replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not number.is_finite():
        raise ValueError(raw)
    return number


@dataclass
class SheetRows:
    """One sheet of the file that the portal recognised."""

    spec: SheetSpec
    name: str  # as in the file
    columns: dict[str, int]  # field key → column index (0-based)
    header_row: int
    missing: list[Field]  # required columns not found
    rows: Iterator[tuple[int, dict]]


def open_workbook(path):
    try:
        return load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise FileUnreadable(
            "Файл не открывается как книга Excel (.xlsx). Сохраните его в Excel или LibreOffice "
            "как «Книга Excel (.xlsx)» и загрузите снова."
        ) from error


def spec_for_sheet(name: str, specs: tuple[SheetSpec, ...] = SHEETS) -> SheetSpec | None:
    key = title_key(name)
    return next((spec for spec in specs if title_key(spec.title) == key), None)


def read_sheet(ws, spec: SheetSpec) -> SheetRows | None:
    """The sheet's header and a generator of its data rows, or None for a sheet with no header."""
    wanted = {title_key(f.title): f for f in spec.fields}
    required = {title_key(f.title) for f in spec.fields if f.required}
    rows = ws.iter_rows()
    header_row, columns = 0, {}
    for number, cells in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        found = {}
        for index, cell in enumerate(cells):
            key = title_key(cell.value)
            if key in wanted and wanted[key].key not in found:
                found[wanted[key].key] = index
        if found and (required & {title_key(spec.field(k).title) for k in found} or not required):
            header_row, columns = number, found
            break
    if not header_row:
        return None
    missing = [f for f in spec.fields if f.required and f.key not in columns]
    return SheetRows(spec, ws.title, columns, header_row, missing, _data_rows(rows, columns, header_row))


def _data_rows(rows, columns: dict[str, int], header_row: int) -> Iterator[tuple[int, dict]]:
    for number, cells in enumerate(rows, start=header_row + 1):
        row = {}
        empty = True
        for key, index in columns.items():
            cell = cells[index] if index < len(cells) else None
            value = cell.value if cell is not None else None
            if value is not None and cell.data_type == "f":
                value = FORMULA
            elif isinstance(value, str) and not value.strip():
                value = None
            if value is not None:
                empty = False
            row[key] = value
        if not empty:
            yield number, row


def iter_sheets(workbook, specs: tuple[SheetSpec, ...] = SHEETS) -> Iterator[tuple[str, SheetSpec | None, object]]:
    """Every sheet of the workbook with the spec it answers to (None: not a sheet of the portal)."""
    for ws in workbook.worksheets:
        yield ws.title, spec_for_sheet(ws.title, specs), ws
