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
            for row in sheet.rows:
                ws.append(_cells(ws, row, formats))
        workbook.save(target)


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Лист"


def _cells(ws, row: Iterable, formats: list[str | None]) -> list:
    cells = []
    for value, number_format in zip(row, formats, strict=False):
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        if isinstance(value, Decimal):
            value = float(value)
        if number_format is None or value is None or value == "":
            cells.append(value)
            continue
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = number_format
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
