"""Uploads, checks and imports of spreadsheet files (``imports.engine`` does the reading and writing).

How the work runs: a check or an import of a long file takes longer than a web request should
(a proxy or the application server would cut it short), and the portal runs no task queue. So the
view stores the upload and starts the work in a thread of the same process; the work writes its
progress to the upload's row, and the page polls it (it reloads itself every two seconds while the
work runs, no script needed). A thread that died with its process leaves the row unchanged: after
``STALE_AFTER`` the page says so and offers to upload again. Progress is written through a second
database connection, so the page sees it while the import's own transaction is still open (on
SQLite, whose writer locks the whole file, the import's progress is shown when it ends).

Tests and the management command run the same work in the caller's thread (``run_inline``).
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from imports.engine import Importer, ImportFailed, Issue, Report
from imports.models import ImportBatch

MAX_FILE_MB = 20
PROGRESS_SQL = 'UPDATE "imports_importbatch" SET progress_done = %s, progress_total = %s, updated_at = %s WHERE id = %s'
XLSX_SIGNATURE = b"PK\x03\x04"


def may_import(user) -> bool:
    """The office and administrators import every register (the office into its own municipality);
    an organisation its own suggestions and training. The regional office reads every municipality
    and writes none: it imports nothing."""
    if not user.is_authenticated or user.is_region:
        return False
    return user.is_economy or user.is_portal_admin or user.organisation_id is not None


def check_upload(upload) -> None:
    if upload.size > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(f"Файл больше {MAX_FILE_MB} МБ: разделите его на несколько файлов.")
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_SIGNATURE or not upload.name.lower().endswith(".xlsx"):
        raise ValidationError("Это не книга Excel (.xlsx). Сохраните файл как «Книга Excel (.xlsx)» и загрузите снова.")


@transaction.atomic
def import_batch_upload(*, user, upload) -> ImportBatch:
    """Store an uploaded file for checking; drop the uploads kept longer than ``KEEP_DAYS``."""
    if not may_import(user):
        raise PermissionDenied("Загружать файлы может сотрудник организации или управление экономического развития.")
    check_upload(upload)
    import_batch_purge()
    file_name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    batch = ImportBatch(uploaded_by=user, file_name=file_name, size=upload.size)
    batch.file.save("upload.xlsx", upload, save=False)
    batch.save()
    return batch


def import_batch_purge() -> int:
    """Delete the uploads (and their files) kept longer than ``KEEP_DAYS``; their count."""
    count = 0
    for batch in ImportBatch.objects.expired().only("pk", "file"):
        batch.file.delete(save=False)
        batch.delete()
        count += 1
    return count


def import_batch_confirm(*, batch: ImportBatch, user) -> ImportBatch:
    """Start writing a checked upload. Only its uploader, the office or an administrator confirm it."""
    if batch.state != ImportBatch.State.CHECKED:
        raise ValidationError("Этот файл уже загружен или в нём есть ошибки: загрузите исправленный файл.")
    if batch.uploaded_by_id != user.pk and not (user.is_economy or user.is_portal_admin):
        raise PermissionDenied("Подтверждает загрузку тот, кто загрузил файл.")
    updated = ImportBatch.objects.filter(pk=batch.pk, state=ImportBatch.State.CHECKED).update(
        state=ImportBatch.State.IMPORTING, progress_done=0, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError("Загрузка уже идёт.")
    batch.refresh_from_db()
    return batch


def start(batch: ImportBatch, action: str) -> None:
    """Run the check (``"check"``) or the import (``"apply"``) of ``batch``: in a thread, or inline."""
    if getattr(settings, "IMPORTS_INLINE", False):
        run(batch.pk, action)
        return
    threading.Thread(target=_run_in_thread, args=(batch.pk, action), daemon=True, name=f"import-{batch.pk}").start()


def _run_in_thread(pk: int, action: str) -> None:
    close_old_connections()
    try:
        run(pk, action)
    finally:
        connections.close_all()


@contextlib.contextmanager
def local_copy(batch: ImportBatch):
    """The upload as a local file openpyxl can seek in (the storage may be S3)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle, batch.file.open("rb") as source:
        shutil.copyfileobj(source, handle, 1024 * 1024)
        handle.flush()
        yield handle.name


class _Progress:
    """Writes the progress to the upload's row, on its own connection where the database allows it."""

    def __init__(self, batch: ImportBatch, writing: bool):
        self.pk = batch.pk
        self.own_connection = None
        if writing and connection.vendor != "sqlite":
            self.own_connection = connections.create_connection("default")

    def __call__(self, done: int, total: int) -> None:
        now = timezone.now()
        if self.own_connection is None:
            if connection.in_atomic_block:
                return  # SQLite: seen when the import ends
            ImportBatch.objects.filter(pk=self.pk).update(progress_done=done, progress_total=total, updated_at=now)
            return
        with self.own_connection.cursor() as cursor:
            cursor.execute(PROGRESS_SQL, [done, total, now, self.pk])

    def close(self) -> None:
        if self.own_connection is not None:
            self.own_connection.close()


def run(pk: int, action: str) -> Report:
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=pk)
    progress = _Progress(batch, writing=action == "apply")
    importer_kwargs = {"user": batch.uploaded_by, "file_name": batch.file_name, "progress": progress}
    try:
        with local_copy(batch) as path:
            importer = Importer(path=path, **importer_kwargs)
            if action == "check":
                report = importer.check()
                state = ImportBatch.State.REJECTED if report.errors else ImportBatch.State.CHECKED
                _finish(batch, state, report=report.as_json())
                return report
            try:
                report = importer.apply()
            except ImportFailed as failed:
                _finish(batch, ImportBatch.State.FAILED, report=failed.report.as_json())
                return failed.report
            _finish(batch, ImportBatch.State.IMPORTED, result=report.as_json(), imported_at=timezone.now())
            return report
    except Exception:
        report = Report()
        report.issues.append(
            Issue(
                "", None, None, "Файл не удалось обработать: проверьте, что он сохранён по шаблону, и загрузите снова."
            )
        )
        _finish(batch, ImportBatch.State.FAILED, report=report.as_json())
        raise
    finally:
        progress.close()


def _finish(batch: ImportBatch, state: str, **fields) -> None:
    fields.setdefault("progress_done", F("progress_total"))
    ImportBatch.objects.filter(pk=batch.pk).update(state=state, updated_at=timezone.now(), **fields)
