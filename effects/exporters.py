"""The effects' roll-ups as spreadsheet sheets, written by the portal's one safe writer."""

from __future__ import annotations

from collections.abc import Iterator

from effects.selectors import COLUMN_GROUPS, MEASURE_LABELS, MEASURES, DistrictEffects, Totals
from lean_portal.exporters import Column, Exporter, Sheet


def _columns(first: str) -> list[Column]:
    columns = [Column(first, 40)]
    for title, unit in COLUMN_GROUPS:
        columns += [Column(f"{title}, {unit}: {MEASURE_LABELS[m]}", 16, "decimal") for m in MEASURES]
    columns += [Column("Других эффектов", 12, "int"), Column("из них подтверждено", 12, "int")]
    return columns


def _rows(rows: list[Totals]) -> Iterator[list]:
    for row in rows:
        yield [row.label, *row.columns(), row.other_count, row.other_confirmed]


def effects_sheets(data: DistrictEffects) -> Iterator[Sheet]:
    """Per organisation and per sphere for the year, then per year."""
    if data.year is not None:
        yield Sheet(f"Эффекты {data.year}", _columns("Организация"), _rows(data.organisations))
        yield Sheet(f"Эффекты {data.year} по сферам", _columns("Сфера деятельности"), _rows(data.spheres))
    yield Sheet("Эффекты по годам", _columns("Год"), _rows(data.years))


class DistrictEffectsExporter(Exporter):
    identifier = "effects"
    title = "Эффекты бережливых проектов"

    def __init__(self, data: DistrictEffects):
        self.data = data

    def sheets(self) -> Iterator[Sheet]:
        yield from effects_sheets(self.data)
