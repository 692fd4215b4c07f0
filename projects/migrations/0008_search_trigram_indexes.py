"""Trigram (pg_trgm) indexes for the registry's text search, on PostgreSQL only.

Django's ``icontains`` on PostgreSQL is ``UPPER(col::text) LIKE UPPER('%…%')``: a GIN index on the
same expression with ``gin_trgm_ops`` answers it without reading every row (``ProjectFilter.search``).
SQLite has no such index; there the migration does nothing.

``CREATE EXTENSION pg_trgm`` needs a superuser, or (PostgreSQL 13+, pg_trgm being a trusted
extension) the owner of the database / a role with CREATE on it.
"""

from django.db import migrations

INDEXES = [
    ("project_title_trgm", "projects_project", "title"),
    ("project_process_trgm", "projects_project", "process"),
    ("goal_name_trgm", "projects_goal", "name"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_registry_indexes"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
