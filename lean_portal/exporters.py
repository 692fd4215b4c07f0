"""Excel exports with one contract: the portal's one safe spreadsheet writer.

An exporter declares its identifier, title and columns and yields rows; the base class writes
them with openpyxl in write-only (streaming) mode. Every export of the portal goes through
``Exporter.write``, which guarantees:

* nothing typed by a user becomes a formula: every string is written as a text cell, and text
  a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) is additionally marked «quote prefix», so it stays text when edited;
* characters XML forbids (control characters pasted from other programs) are removed, so no
  value can make the file fail;
* formats by meaning: counts as integers, decimals without trailing zeros, dates as dates,
  percentages as percentages; long text wrapped in columns of sensible widths;
* a bold header row, high enough for its wrapped titles, frozen and with a filter;
* print setup: A4, landscape where the columns are wide, fit to the page width, the header row
  repeated on every page;
* sheet names within Excel's 31 characters, cut between words, unique in the workbook;
* the workbook's title and the portal as its creator;
* optionally (templates for import): a note on a column's header cell, and a drop-down list of the
  column's fixed choices, read from a hidden sheet «Списки» (Excel limits a list typed inline to
  255 characters).

Views only build the response with ``xlsx_response``.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from lean_portal.templatetags.portal import number

CREATOR = "Бережливый портал"

# Excel's limits.
SHEET_TITLE_LIMIT = 31
CELL_TEXT_LIMIT = 32767

# A spreadsheet reads text starting with these as a formula (or as a DDE/command lead-in).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

# The hidden sheet holding the choices of drop-down lists, and how many rows a list covers.
LISTS_SHEET = "Списки"
LIST_ROWS = 10000

# Wider than this (in Excel character units, summed over the columns): printed landscape.
LANDSCAPE_FROM_WIDTH = 100
# Header titles wrap at the column width; a line of Calibri 11 bold is about 15 points high.
HEADER_LINE_HEIGHT = 15


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 15
    # "text", "date", "int", "decimal", "percent"
    kind: str = "text"
    # A note shown on the header cell (what to type in the column).
    note: str = ""
    # Fixed choices: the column's cells get a drop-down list of them.
    choices: tuple[str, ...] = ()


# Per kind: the format of a whole value and of a fractional one.
NUMBER_FORMATS = {
    "date": ("DD.MM.YYYY", "DD.MM.YYYY"),
    "int": ("0", "0"),
    "decimal": ("#,##0", "#,##0.0##"),
    "percent": ("0%", "0.0%"),
}
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


@dataclass(frozen=True)
class Percent:
    """A share given in percentage points (45.5 means 45,5 %), written as an Excel percentage."""

    points: float | Decimal | int


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Iterable]


def clean_text(value: str) -> str:
    """The text without the characters XML forbids, within Excel's cell limit."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_TEXT_LIMIT]


def number_text(value) -> str:
    """A number inside Russian text: a decimal comma, no trailing zeros («3», «2,5», «1 250»)."""
    if value is None or value == "":
        return "—"
    return number(value, 3)


_SPACE_RE = re.compile(r"\s+")


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters cut between words, unique."""
    for char in "[]:*?/\\'":
        title = title.replace(char, " ")
    title = _SPACE_RE.sub(" ", clean_text(title)).strip() or "Лист"
    title = _cut_between_words(title, SHEET_TITLE_LIMIT)
    taken = {t.casefold() for t in taken}
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = _cut_between_words(title, SHEET_TITLE_LIMIT - len(suffix)) + suffix
    return candidate


def _cut_between_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,.;:-—«(")
    if not cut or len(cut) > limit:  # one word longer than the limit
        cut = text[:limit]
    return cut


class Exporter:
    """Subclass and set ``identifier``, ``title``; implement ``sheets()``.

    Most exports have one sheet: set ``columns`` and implement ``rows()``; the sheet is named
    ``sheet_name`` (the title when not set).
    """

    identifier: str = ""
    title: str = ""
    sheet_name: str = ""
    columns: list[Column] = []

    def rows(self) -> Iterator[Iterable]:
        raise TypeError(f"{type(self).__name__} must define rows() or sheets()")

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(self.sheet_name or self.title, self.columns, self.rows())

    def filename(self) -> str:
        return f"{self.identifier}-{datetime.date.today():%Y-%m-%d}.xlsx"

    def write(self, target) -> None:
        """Write the workbook to ``target`` (a path or a binary file object)."""
        workbook = Workbook(write_only=True)
        workbook.properties.title = clean_text(self.title)
        workbook.properties.creator = CREATOR
        workbook.properties.lastModifiedBy = CREATOR
        taken: list[str] = []
        lists: list[tuple[str, ...]] = []
        for sheet in self.sheets():
            name = sheet_title(sheet.title, taken)
            taken.append(name)
            ws = workbook.create_sheet(title=name)
            _SheetWriter(ws, sheet.columns).write(sheet.rows)
            _add_choice_lists(ws, sheet.columns, lists)
        if not taken:
            workbook.create_sheet(title="Лист")
        if lists:
            _write_lists_sheet(workbook, lists)
        workbook.save(target)


def _add_choice_lists(ws, columns: list[Column], lists: list[tuple[str, ...]]) -> None:
    """A drop-down list on every column with choices; the choices go to the hidden lists sheet."""
    for index, column in enumerate(columns, start=1):
        if not column.choices:
            continue
        if column.choices not in lists:
            lists.append(column.choices)
        source = get_column_letter(lists.index(column.choices) + 1)
        validation = DataValidation(
            type="list",
            formula1=f"'{LISTS_SHEET}'!${source}$1:${source}${len(column.choices)}",
            allow_blank=True,
            showErrorMessage=False,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{LIST_ROWS}")
        ws.data_validations.append(validation)


def _write_lists_sheet(workbook, lists: list[tuple[str, ...]]) -> None:
    ws = workbook.create_sheet(title=LISTS_SHEET)
    ws.sheet_state = "hidden"
    for row in range(max(len(choices) for choices in lists)):
        cells = []
        for choices in lists:
            if row >= len(choices):
                cells.append(None)
                continue
            cell = WriteOnlyCell(ws, value=clean_text(choices[row]))
            cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)


class _SheetWriter:
    """Writes one sheet: the set-up before the rows (the write-only writer streams them), then the rows."""

    def __init__(self, ws, columns: list[Column]):
        self.ws = ws
        self.columns = columns
        # One reusable cell per column and style (made on first use): the write-only writer serialises a
        # row as soon as it is appended, so the column's cell can take the next row's value. A big export
        # does not build and style a new cell for every value.
        self.cells: dict[tuple[int, str], WriteOnlyCell] = {}
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")

    def setup(self) -> None:
        ws, columns = self.ws, self.columns
        for index, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        lines = max((_lines(column.title, column.width) for column in columns), default=1)
        ws.row_dimensions[1].height = HEADER_LINE_HEIGHT * lines + 3
        # Print: A4, landscape where wide, fit to the page width (as many pages down as needed),
        # the header row on every page, grid lines as a table's borders.
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        if sum(column.width for column in columns) > LANDSCAPE_FROM_WIDTH:
            ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
        else:
            ws.page_setup.orientation = Worksheet.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.gridLines = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        if columns:
            ws.print_title_rows = "1:1"

    def write(self, rows: Iterable[Iterable]) -> None:
        self.setup()
        ws, columns = self.ws, self.columns
        header_font = Font(bold=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=clean_text(column.title))
            cell.data_type = "s"
            cell.font = header_font
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column.note:
                cell.comment = Comment(clean_text(column.note), CREATOR, width=320, height=140)
            header.append(cell)
        ws.append(header)
        count = 0
        for row in rows:
            ws.append(self.cells_of(row))
            count += 1
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"

    def cell(self, index: int, style: str, value) -> WriteOnlyCell:
        cell = self.cells.get((index, style))
        if cell is None:
            cell = self.cells[(index, style)] = WriteOnlyCell(self.ws)
            if style == "text" or style == "formula-like":
                cell.alignment = self.wrap
                cell.quotePrefix = style == "formula-like"
            else:
                cell.alignment = self.top
                cell.number_format = style
        cell.value = value
        return cell

    def cells_of(self, row: Iterable) -> list:
        cells = []
        for index, (value, column) in enumerate(zip(row, self.columns, strict=False)):
            if value is None or value == "":
                cells.append(None)
            elif isinstance(value, str):
                value = clean_text(value)
                style = "formula-like" if value.startswith(FORMULA_LEADS) else "text"
                cell = self.cell(index, style, value)
                # openpyxl reads a string starting with «=» as a formula: the type is set after the value.
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, bool):
                cells.append(self.cell(index, "text", "да" if value else "нет"))
            elif isinstance(value, Percent):
                points = float(value.points)
                if not math.isfinite(points):
                    cells.append(None)
                    continue
                formats = NUMBER_FORMATS["percent"]
                cells.append(self.cell(index, formats[0] if points == int(points) else formats[1], points / 100))
            elif isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
                number_format = NUMBER_FORMATS["date"][0]
                if isinstance(value, datetime.datetime):
                    if timezone.is_aware(value):
                        value = timezone.localtime(value).replace(tzinfo=None)
                    number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.time):
                    number_format = "HH:MM"
                # Binding a date may change a cell's number format: a fresh cell, the format set last.
                fresh = WriteOnlyCell(self.ws, value=value)
                fresh.number_format = number_format
                fresh.alignment = self.top
                cells.append(fresh)
            elif isinstance(value, (int, float, Decimal)):
                if isinstance(value, Decimal):
                    value = float(value) if not value.is_finite() or value != value.to_integral_value() else int(value)
                if isinstance(value, float) and not math.isfinite(value):
                    cells.append(None)  # Excel has no NaN or infinity: the file would not open
                    continue
                whole = isinstance(value, int) or (math.isfinite(value) and value == int(value))
                if isinstance(value, float) and whole and column.kind != "percent":
                    value = int(value)
                formats = NUMBER_FORMATS.get(column.kind)
                if formats is None:
                    formats = NUMBER_FORMATS["decimal"]
                cells.append(self.cell(index, formats[0] if whole else formats[1], value))
            else:
                cells.append(self.cell(index, "text", clean_text(str(value))))
                cells[-1].data_type = "s"
        return cells


def _lines(title: str, width: float) -> int:
    """How many lines a header title takes wrapped at its column width (bold: wider letters)."""
    per_line = max(int(width * 0.9), 1)
    lines, current = 1, 0
    for word in title.split():
        if current and current + 1 + len(word) > per_line:
            lines += 1
            current = len(word)
        else:
            current += (1 if current else 0) + len(word)
        while current > per_line:
            lines += 1
            current -= per_line
    return lines


def xlsx_response(exporter: Exporter) -> FileResponse:
    """Stream the workbook from a temporary file, so memory stays flat."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exporter.write(handle)
    handle.seek(0)
    response = FileResponse(
        handle,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(exporter.filename())}"
    )
    return response


# --- CSV (open data): the same rules for what a user typed ----------------------------------------


def csv_cell(value) -> str:
    """One CSV cell by the workbook's rules: text a spreadsheet would read as a formula gets a leading
    apostrophe (it opens as text), characters XML forbids are dropped; empty for None; numbers with a
    point, dates in ISO 8601 (machine-readable, as open data asks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    text = clean_text(str(value))
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def csv_lines(exporter: Exporter) -> Iterator[str]:
    """The exporter's one sheet as CSV lines (comma, double quotes, CRLF): the column titles, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    [sheet] = list(exporter.sheets())
    writer.writerow([csv_cell(column.title) for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow([csv_cell(value) for value in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def csv_response(exporter: Exporter, filename: str) -> StreamingHttpResponse:
    """Stream the CSV (UTF-8) row by row, so memory stays flat."""
    response = StreamingHttpResponse(
        (line.encode() for line in csv_lines(exporter)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f"attachment; filename=\"export.csv\"; filename*=UTF-8''{quote(filename)}"
    return response
