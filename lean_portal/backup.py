"""Backups of the portal: the database and the uploaded files in one archive.

PostgreSQL is dumped with ``pg_dump`` in its custom format and restored with
``pg_restore``; SQLite is copied with its online backup API. Uploaded files go into the
same archive, read and written through Django's default storage, so local disk
(``MEDIA_ROOT``) and S3-compatible object storage are backed up alike. A manifest records
how many rows each table held and how many files there were, so a restore can prove that
every record and file came back.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_DUMP = "database.sqlite3"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class DatabaseTarget:
    vendor: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, alias: str = "default") -> DatabaseTarget:
        connection = connections[alias]
        params = connection.settings_dict
        if getattr(settings, "DATABASE_PGBOUNCER", False):
            # pg_dump sets session parameters and holds one snapshot; PgBouncer in transaction
            # mode may hand each statement a different server connection.
            raise BackupError(
                "DATABASE_PGBOUNCER=1: резервное копирование и восстановление идут напрямую в PostgreSQL, "
                "не через PgBouncer. Запустите команду с DATABASE_URL сервера PostgreSQL и без DATABASE_PGBOUNCER."
            )
        name = params["NAME"]
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            # Tests run SQLite in memory; the live connection is what holds the data.
            name = ":memory:"
        return cls(
            vendor=connection.vendor,
            name=str(name),
            user=params.get("USER") or "",
            password=params.get("PASSWORD") or "",
            host=params.get("HOST") or "",
            port=str(params.get("PORT") or ""),
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args

    def pg_env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def portal_tables() -> list[str]:
    """Every installed model's table (auto-created M2M tables included), once each."""
    return list(dict.fromkeys(model._meta.db_table for model in apps.get_models(include_auto_created=True)))


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows per table of every installed model (auto-created M2M tables included)."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return _count_rows(cursor, [t for t in portal_tables() if t in existing], connection.ops.quote_name)


def _count_rows(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the models
        counts[table] = cursor.fetchone()[0]
    return counts


def create_backup(directory: Path, *, alias: str = "default") -> Path:
    """Write ``lean-portal-backup-<timestamp>.tar.gz`` into ``directory``; return its path.

    The dump and the manifest's row counts come from one snapshot of the database, so a
    backup of a live portal agrees with itself: on PostgreSQL ``pg_dump`` reads the snapshot
    of a read-only REPEATABLE READ transaction that also counts the rows; on SQLite the rows
    are counted in the copy made by the online backup API.
    """
    directory.mkdir(parents=True, exist_ok=True)
    target = DatabaseTarget.from_settings(alias)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive_path = directory / f"lean-portal-backup-{stamp}.tar.gz"
    media_files = stored_files(default_storage)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if target.vendor == "postgresql":
            dump = tmp_path / PG_DUMP
            counts = _pg_dump_from_one_snapshot(target, alias, dump)
        elif target.vendor == "sqlite":
            dump = tmp_path / SQLITE_DUMP
            _sqlite_backup(alias, dump)
            counts = _sqlite_counts(dump)
        else:
            raise BackupError(f"Резервное копирование базы {target.vendor} не поддерживается.")
        manifest = {
            "format": 1,
            "created": datetime.datetime.now().isoformat(timespec="seconds"),
            "vendor": target.vendor,
            "tables": counts,
            "media_files": len(media_files),
        }
        with tarfile.open(archive_path, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for name in media_files:
                _add_stored_file(archive, default_storage, name)
    return archive_path


def _pg_dump_from_one_snapshot(target: DatabaseTarget, alias: str, dump: Path) -> dict[str, int]:
    """Count the rows and run ``pg_dump`` in one exported snapshot; return the counts.

    A connection of its own (not the caller's, which may be inside a transaction) holds
    the snapshot open until ``pg_dump`` has finished reading it.
    """
    connection = connections.create_connection(alias)
    try:
        existing = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = _count_rows(cursor, [t for t in portal_tables() if t in existing], connection.ops.quote_name)
                _run(
                    ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                     *target.pg_args(), "--file", str(dump), target.name],
                    env=target.pg_env(),
                )  # fmt: skip
            finally:
                cursor.execute("ROLLBACK")  # read only: nothing to keep
    finally:
        connection.close()
    return counts


def stored_files(storage: Storage, directory: str = "") -> list[str]:
    """Every file's name in ``storage`` (local disk or a bucket), through the storage API only."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # nothing uploaded yet: MEDIA_ROOT does not exist
        return []
    names = [posixpath.join(directory, name) for name in sorted(files)]
    for sub in sorted(directories):
        names += stored_files(storage, posixpath.join(directory, sub))
    return names


def _add_stored_file(archive: tarfile.TarFile, storage: Storage, name: str) -> None:
    info = tarfile.TarInfo(f"{MEDIA_DIR}/{name}")
    info.size = storage.size(name)
    with storage.open(name, "rb") as handle:
        archive.addfile(info, handle)


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("В архиве нет описания (manifest.json): это не резервная копия портала.")
        return json.load(member)


def restore_backup(archive_path: Path, *, alias: str = "default", database_name: str | None = None) -> dict:
    """Restore the archive into the database ``alias`` (or ``database_name`` on the same
    PostgreSQL server / SQLite path) and its files into the default storage (``MEDIA_ROOT``
    or the bucket), under the names they had.

    The target database must be empty (no portal tables with rows): a restore never
    mixes two states. Returns the manifest.
    """
    target = DatabaseTarget.from_settings(alias)
    if not archive_path.is_file():
        raise BackupError(f"Файл резервной копии не найден: {archive_path}")
    manifest = read_manifest(archive_path)
    if database_name:
        target = DatabaseTarget(**{**target.__dict__, "name": database_name})
    if manifest["vendor"] != target.vendor:
        raise BackupError(
            f"Копия сделана из базы {manifest['vendor']}, а восстанавливается в {target.vendor}: "
            "перенос между СУБД этой командой не выполняется."
        )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(tmp_path, filter="data")
        if target.vendor == "postgresql":
            _ensure_pg_empty(target)
            _run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *target.pg_args(),
                 "--dbname", target.name, str(tmp_path / PG_DUMP)],
                env=target.pg_env(),
            )  # fmt: skip
        else:
            destination = Path(target.name)
            if target.name == ":memory:":
                raise BackupError("Нельзя восстановить в базу SQLite в памяти: укажите файл базы.")
            if destination.exists() and _sqlite_has_rows(destination):
                raise BackupError(f"База {destination} не пуста: восстановление выполняется только в пустую базу.")
            connections[alias].close()
            shutil.copyfile(tmp_path / SQLITE_DUMP, destination)
        restored = _restore_media(tmp_path / MEDIA_DIR, default_storage)
    expected = manifest.get("media_files")  # archives of format 1 before it did not count files
    if expected is not None and restored != expected:
        raise BackupError(f"Восстановлено файлов: {restored}, а в копии их {expected}.")
    return manifest


def _restore_media(source: Path, storage: Storage) -> int:
    """Put every extracted file back into ``storage`` under its old name (the records point at
    it); return how many."""
    if not source.is_dir():
        return 0
    paths = sorted(p for p in source.rglob("*") if p.is_file())
    for path in paths:
        name = path.relative_to(source).as_posix()
        if storage.exists(name):
            storage.delete(name)  # the archive's copy wins, as a restore must
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Файл {name} восстановлен под другим именем ({saved}): проверьте хранилище.")
    return len(paths)


def _run(command: list[str], *, env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            f"Не найдена программа {command[0]}: установите клиент PostgreSQL (apt-get install postgresql-client)."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} завершился с ошибкой: {result.stderr.strip()}")


def _sqlite_backup(alias: str, destination: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(destination)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _sqlite_counts(path: Path) -> dict[str, int]:
    """Rows per portal table in the SQLite copy itself (the snapshot the archive holds)."""
    db = sqlite3.connect(path)
    try:
        existing = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        cursor = db.cursor()
        return _count_rows(cursor, [t for t in portal_tables() if t in existing], lambda name: f'"{name}"')
    finally:
        db.close()


def _sqlite_has_rows(path: Path) -> bool:
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return any(
            db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()  # noqa: S608
            for t in tables
            if not t.startswith("sqlite_")
        )
    finally:
        db.close()


def _ensure_pg_empty(target: DatabaseTarget) -> None:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    result = subprocess.run(  # noqa: S603
        ["psql", *target.pg_args(), "--dbname", target.name, "--tuples-only", "--no-align", "--command", query],  # noqa: S607
        env=target.pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"Не удалось подключиться к базе {target.name}: {result.stderr.strip()}")
    if int(result.stdout.strip() or 0) > 0:
        raise BackupError(
            f"База {target.name} не пуста: восстановление выполняется только в пустую базу "
            "(создайте новую базу: createdb <имя>)."
        )
