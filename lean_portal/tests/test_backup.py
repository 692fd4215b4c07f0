"""backup / restore: a backup restored into an empty database holds every record and file."""

import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lean_portal import backup
from lean_portal.backup import BackupError, DatabaseTarget, create_backup, read_manifest, restore_backup
from orgs.models import Employee, Organisation
from orgs.tests.factories import EmployeeFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(settings):
    org = OrganisationFactory(short_name="Школа резервного копирования")
    EmployeeFactory.create_batch(3, organisation=org)
    scan = Path(settings.MEDIA_ROOT) / "scans" / "signed.pdf"
    scan.parent.mkdir(parents=True)
    scan.write_bytes(b"%PDF-1.4 signed passport")
    return org, scan


def _pg_rows(dbname: str, sql: str):
    target = DatabaseTarget.from_settings()
    result = subprocess.run(
        ["psql", *target.pg_args(), "--dbname", dbname, "--tuples-only", "--no-align", "--command", sql],
        env=target.pg_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_backup_restores_every_record_and_file_into_an_empty_database(records, tmp_path):
    org, scan = records
    archive = create_backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    assert manifest["tables"]["orgs_employee"] == Employee.objects.count() == 3
    scan.unlink()

    target = DatabaseTarget.from_settings()
    if connection.vendor == "postgresql":
        dbname = f"restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", *target.pg_args(), dbname], env=target.pg_env(), check=True)
        try:
            restore_backup(archive, database_name=dbname)
            for table, count in manifest["tables"].items():
                assert int(_pg_rows(dbname, f'SELECT count(*) FROM "{table}"')) == count, table
            names = _pg_rows(dbname, "SELECT short_name FROM orgs_organisation")
        finally:
            subprocess.run(["dropdb", *target.pg_args(), dbname], env=target.pg_env(), check=False)
    else:
        restored = tmp_path / "restored.sqlite3"
        restore_backup(archive, database_name=str(restored))
        db = sqlite3.connect(restored)
        for table, count in manifest["tables"].items():
            assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table
        names = "\n".join(r[0] for r in db.execute("SELECT short_name FROM orgs_organisation"))
        db.close()

    assert org.short_name in names
    assert scan.read_bytes() == b"%PDF-1.4 signed passport"


def test_restore_refuses_a_database_that_is_not_empty(records, tmp_path):
    archive = create_backup(tmp_path / "backups")
    if connection.vendor == "postgresql":
        # The test database itself is full of tables.
        with pytest.raises(BackupError, match="не пуста"):
            restore_backup(archive, database_name=connection.settings_dict["NAME"])
    else:
        full = tmp_path / "full.sqlite3"
        restore_backup(archive, database_name=str(full))
        with pytest.raises(BackupError, match="не пуста"):
            restore_backup(archive, database_name=str(full))
    assert Organisation.objects.filter(short_name="Школа резервного копирования").exists()


def test_restore_command_explains_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="не найден"):
        call_command("restore", str(tmp_path / "nope.tar.gz"))


def test_backup_command_reports_the_archive(records, tmp_path, capsys):
    call_command("backup", "--output", str(tmp_path / "out"))
    assert "Резервная копия создана" in capsys.readouterr().out
    assert len(list((tmp_path / "out").glob("lean-portal-backup-*.tar.gz"))) == 1


def test_a_backup_of_a_live_database_agrees_with_itself(records, tmp_path, monkeypatch):
    """A write landing while the backup runs (after the rows are counted, before the dump
    is read) is either in both the manifest's counts and the dump, or in neither."""
    org, _ = records
    if connection.vendor == "postgresql":
        real, hook = backup._run, "_run"
    else:
        real, hook = backup._sqlite_backup, "_sqlite_backup"

    def write_meanwhile(*args, **kwargs):
        EmployeeFactory(organisation=org)  # another user's write, committed (autocommit)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup, hook, write_meanwhile)
    archive = create_backup(tmp_path / "backups")
    monkeypatch.setattr(backup, hook, real)
    counted = read_manifest(archive)["tables"]["orgs_employee"]

    target = DatabaseTarget.from_settings()
    if connection.vendor == "postgresql":
        dbname = f"restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", *target.pg_args(), dbname], env=target.pg_env(), check=True)
        try:
            restore_backup(archive, database_name=dbname)
            dumped = int(_pg_rows(dbname, "SELECT count(*) FROM orgs_employee"))
        finally:
            subprocess.run(["dropdb", *target.pg_args(), dbname], env=target.pg_env(), check=False)
    else:
        restored = tmp_path / "restored.sqlite3"
        restore_backup(archive, database_name=str(restored))
        db = sqlite3.connect(restored)
        dumped = db.execute("SELECT count(*) FROM orgs_employee").fetchone()[0]
        db.close()
    assert Employee.objects.count() == 4
    assert counted == dumped
