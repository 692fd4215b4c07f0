"""The open data files, each a ``lean_portal.exporters.Exporter`` written as CSV by the portal's one safe writer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lean_portal.exporters import Column, Exporter
from practices import opendata
from practices.serializers import practice_record


class PracticesExporter(Exporter):
    """``data.csv``: one row per practice, the columns named exactly as the published field list."""

    identifier = "practices"
    title = opendata.TITLE
    columns = [Column(field.name) for field in opendata.FIELDS]

    def __init__(self, records: Iterable[dict]):
        self.records = records

    def rows(self) -> Iterator[list]:
        for record in self.records:
            yield [record[name] for name in opendata.FIELD_NAMES]


class StructureExporter(Exporter):
    """``structure.csv``: the published field list."""

    identifier = "practices-structure"
    title = "Структура набора данных «Банк бережливых практик региона»"
    columns = [Column(title) for title in opendata.STRUCTURE_HEADER]

    def rows(self) -> Iterator[tuple]:
        yield from opendata.structure_rows()


def records(queryset, *, base_url: str) -> Iterator[dict]:
    """The practices' records, read in chunks (each chunk's rows prefetched in a fixed number of queries)."""
    for assessment in queryset.iterator(chunk_size=500):
        yield practice_record(assessment, base_url=base_url)
