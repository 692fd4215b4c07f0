"""Uploads in S3-compatible object storage (several app servers, one bucket).

The storage is chosen when the settings load: ``DJANGO_S3_BUCKET`` set → django-storages'
S3Storage, otherwise local disk. These tests load the real settings module with and without
the variable, then switch the running process to the S3 configuration it produced
(``settings.STORAGES = …``: Django's ``setting_changed`` handler drops the cached storages,
and every FileField uses the lazy ``default_storage``) against moto's in-process S3. The
uploads go through the portal's ordinary forms and views: the object lands in the bucket,
nothing lands on local disk, and it is served back only to those who may read the record.
"""

from __future__ import annotations

import runpy
import subprocess
import tarfile
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from moto import mock_aws

from lean_portal.backup import BackupError, DatabaseTarget, create_backup, read_manifest, restore_backup

# The upload kinds of the portal (passport scan, training certificate, self-assessment scan),
# each with the view that takes it and the view that serves it.
from lean_portal.tests.test_uploads import (  # noqa: F401 — fixtures
    PDF,
    Kind,
    passport_scan,
    selfassessment_scan,
    training_certificate,
)

SETTINGS_FILE = Path(__file__).resolve().parents[1] / "settings.py"
BUCKET = "lean-portal-test"
S3_ENV = {
    "DJANGO_S3_BUCKET": BUCKET,
    "DJANGO_S3_REGION": "us-east-1",
    "DJANGO_S3_ACCESS_KEY_ID": "test-key",
    "DJANGO_S3_SECRET_ACCESS_KEY": "test-secret",
    "DJANGO_S3_PREFIX": "media",
}


def load_settings(monkeypatch, **env) -> dict:
    """The settings module's values for ``env``, executed afresh (the running settings stay)."""
    for name in (*S3_ENV, "DJANGO_S3_ENDPOINT_URL", "DJANGO_S3_ADDRESSING_STYLE", "DATABASE_PGBOUNCER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_local_disk_unless_a_bucket_is_configured(monkeypatch):
    assert load_settings(monkeypatch)["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    default = load_settings(monkeypatch, **S3_ENV, DJANGO_S3_ENDPOINT_URL="https://s3.example.ru")["STORAGES"][
        "default"
    ]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == BUCKET
    assert options["endpoint_url"] == "https://s3.example.ru"
    assert options["access_key"] == "test-key" and options["secret_key"] == "test-secret"
    # Private objects, signed short-lived URLs, never overwriting another upload.
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_static_files_stay_with_whitenoise_when_uploads_go_to_the_bucket(monkeypatch):
    storages = load_settings(monkeypatch, **S3_ENV)["STORAGES"]
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def bucket(monkeypatch, settings):
    """moto's S3 with an empty bucket, and the process's default storage switched to it exactly
    as the settings configure it for DJANGO_S3_BUCKET."""
    s3_storage = load_settings(monkeypatch, **S3_ENV)["STORAGES"]["default"]
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage}
        yield client  # the settings fixture puts the local-disk storage back afterwards


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() for item in listed}


@pytest.mark.django_db
@pytest.mark.parametrize("kind_name", ["passport_scan", "training_certificate", "selfassessment_scan"])
def test_upload_lands_in_the_bucket_and_is_served_only_to_readers(
    request, client, settings, bucket, kind_name, department_user, economy_user, outsider_user
):
    kind: Kind = request.getfixturevalue(kind_name)
    kind.post(client, SimpleUploadedFile("Иванов паспорт.pdf", PDF, content_type="application/pdf"))
    stored = kind.stored()
    assert stored is not None
    assert type(stored.storage._wrapped).__name__ == "S3Storage"

    in_bucket = objects(bucket)
    assert in_bucket == {f"media/{stored.name}": PDF}
    acl = bucket.get_object_acl(Bucket=BUCKET, Key=f"media/{stored.name}")
    assert not any("AllUsers" in str(grant["Grantee"]) for grant in acl["Grants"]), "the object must be private"
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*")), "nothing may land on the app server's disk"

    url = kind.serve_url()
    client.force_login(department_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(economy_user)
    assert client.get(url).status_code == 200
    client.force_login(outsider_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_a_second_upload_with_the_same_name_never_replaces_the_first(bucket):
    first = default_storage.save("certificates/2024/same.pdf", ContentFile(b"%PDF-1 first"))
    second = default_storage.save("certificates/2024/same.pdf", ContentFile(b"%PDF-1 second"))
    assert first != second
    assert objects(bucket) == {f"media/{first}": b"%PDF-1 first", f"media/{second}": b"%PDF-1 second"}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_read_and_write_the_bucket(bucket, tmp_path, settings):
    name = default_storage.save("scans/2024/signed.pdf", ContentFile(b"%PDF-1.4 signed passport"))
    archive = create_backup(tmp_path / "backups")
    assert read_manifest(archive)["media_files"] == 1
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.extractfile(f"media/{name}").read() == b"%PDF-1.4 signed passport"

    bucket.delete_object(Bucket=BUCKET, Key=f"media/{name}")
    assert objects(bucket) == {}
    target = DatabaseTarget.from_settings()
    if connection.vendor == "postgresql":
        dbname = f"restore_{uuid.uuid4().hex[:8]}"
        subprocess.run(["createdb", *target.pg_args(), dbname], env=target.pg_env(), check=True)
        try:
            restore_backup(archive, database_name=dbname)
        finally:
            subprocess.run(["dropdb", *target.pg_args(), dbname], env=target.pg_env(), check=False)
    else:
        restore_backup(archive, database_name=str(tmp_path / "restored.sqlite3"))
    assert objects(bucket) == {f"media/{name}": b"%PDF-1.4 signed passport"}
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


@pytest.mark.parametrize(
    ("env", "cursors_disabled", "max_age"),
    [
        ({}, False, 60),
        ({"DATABASE_PGBOUNCER": "1"}, True, 0),
        ({"DATABASE_PGBOUNCER": "1", "DJANGO_CONN_MAX_AGE": "30"}, True, 30),
    ],
)
def test_pgbouncer_switch(monkeypatch, env, cursors_disabled, max_age):
    monkeypatch.delenv("DJANGO_CONN_MAX_AGE", raising=False)
    database = load_settings(monkeypatch, DATABASE_URL="postgres://lean@db:6432/lean_portal", **env)["DATABASES"][
        "default"
    ]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database.get("DISABLE_SERVER_SIDE_CURSORS", False) is cursors_disabled
    assert database["CONN_MAX_AGE"] == max_age


@pytest.mark.django_db
def test_backup_refuses_to_go_through_pgbouncer(settings, tmp_path):
    settings.DATABASE_PGBOUNCER = True
    with pytest.raises(BackupError, match="напрямую в PostgreSQL"):
        create_backup(tmp_path / "backups")
    with pytest.raises(BackupError, match="напрямую в PostgreSQL"):
        restore_backup(tmp_path / "backups" / "missing.tar.gz")
