"""Migration helpers for ``search_text`` (lean_portal.search): backfill and PostgreSQL trigram indexes.

Kept apart from the models so that migrations do not depend on model code that may change later.
"""

from __future__ import annotations

from django.db import migrations

SEPARATOR = " | "
BATCH = 2000


def _normalise(text) -> str:
    return " ".join(str(text or "").casefold().replace("ё", "е").split())


def backfill(
    app_label: str, model_name: str, fields: tuple[str, ...], separator: str = SEPARATOR
) -> migrations.RunPython:
    """Fills ``search_text`` of every row, in batches."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        batch = []
        for obj in model.objects.only("pk", *fields).order_by("pk").iterator(chunk_size=BATCH):
            obj.search_text = separator.join(_normalise(getattr(obj, field)) for field in fields)
            batch.append(obj)
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, ["search_text"])
                batch = []
        if batch:
            model.objects.bulk_update(batch, ["search_text"])

    return migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)


def trigram_index(name: str, table: str, column: str = "search_text") -> migrations.RunPython:
    """A pg_trgm GIN index answering ``column LIKE '%…%'`` on PostgreSQL; nothing on SQLite."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)')

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(forward, backward, elidable=False)


def drop_upper_trigram_index(name: str, table: str, column: str) -> migrations.RunPython:
    """Drops a trigram index on ``UPPER(column)`` the search no longer uses (recreated backwards)."""

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )

    return migrations.RunPython(forward, backward, elidable=False)
