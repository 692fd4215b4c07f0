"""Excel exports with one contract.

An exporter declares its identifier, title and columns and yields rows; the base
class writes them with openpyxl in write-only (streaming) mode: a bold header
row, frozen, column widths set, dates as real Excel dates. Views only build the
response with ``xlsx_response``.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Column:
    title: str
    width: float = 15
    # "text", "date", "int", "decimal", "percent"
    kind: str = "text"


NUMBER_FORMATS = {
    "date": "DD.MM.YYYY",
    "int": "0",
    "decimal": "#,##0.00",
    "percent": "0.0%",
}


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[Iterable]


class Exporter:
    """Subclass and set ``identifier``, ``title``; implement ``sheets()``.

    Most exports have one sheet: set ``columns`` and implement ``rows()``.
    """

    identifier: str = ""
    title: str = ""
    columns: list[Column] = []

    def rows(self) -> Iterator[Iterable]:
        raise TypeError(f"{type(self).__name__} must define rows() or sheets()")

    def sheets(self) -> Iterator[Sheet]:
        yield Sheet(self.title[:31], self.columns, self.rows())

    def filename(self) -> str:
        return f"{self.identifier}-{datetime.date.today():%Y-%m-%d}.xlsx"

    def write(self, target) -> None:
        """Write the workbook to ``target`` (a path or a binary file object)."""
        workbook = Workbook(write_only=True)
        header_font = Font(bold=True)
        for sheet in self.sheets():
            ws = workbook.create_sheet(title=_sheet_title(sheet.title))
            for index, column in enumerate(sheet.columns, start=1):
                ws.column_dimensions[get_column_letter(index)].width = column.width
            ws.freeze_panes = "A2"
            header = []
            for column in sheet.columns:
                cell = WriteOnlyCell(ws, value=column.title)
                cell.font = header_font
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                header.append(cell)
            ws.append(header)
            formats = [NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
            styled: list[WriteOnlyCell | None] = [None] * len(formats)
            for row in sheet.rows:
                ws.append(_cells(ws, row, formats, styled))
        workbook.save(target)


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Лист"


_TEMPORAL = (datetime.date, datetime.time, datetime.timedelta)


def _cells(ws, row: Iterable, formats: list[str | None], styled: list[WriteOnlyCell | None]) -> list:
    """The row's values, formatted ones as cells of the column's number format.

    ``styled`` holds one formatted cell per column (made on first use, so the workbook's formats are
    registered in the same order as when every value had its own cell), reused for every row: the
    write-only writer serialises a row as soon as it is appended, so the column's cell can take the
    next row's value. A big export no longer builds and styles a new cell for every number.
    """
    cells = []
    for index, (value, number_format) in enumerate(zip(row, formats, strict=False)):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        if isinstance(value, Decimal):
            value = float(value)
        if number_format is None or value is None or value == "":
            cells.append(value)
        elif isinstance(value, _TEMPORAL):
            # Binding a date may change a cell's number format: a fresh cell, the column's format set last.
            fresh = WriteOnlyCell(ws, value=value)
            fresh.number_format = number_format
            cells.append(fresh)
        else:
            cell = styled[index]
            if cell is None:
                cell = styled[index] = WriteOnlyCell(ws, value=value)
                cell.number_format = number_format
            else:
                cell.value = value
            cells.append(cell)
    return cells


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
