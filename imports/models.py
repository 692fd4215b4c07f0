"""An uploaded import file awaiting confirmation, its validation report and its result.

The file is stored privately (never served by URL) under ``imports/<year>/`` with a random name,
readable only by its uploader and the economic development office (``imports.services``); it is
deleted with its record ``KEEP_DAYS`` after the upload (``purge_imports``, also run on every upload).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from lean_portal.uploads import upload_path

# How long an upload is kept, imported or not.
KEEP_DAYS = 7
# A check or an import that has not moved for this long was cut short (the server restarted).
STALE_AFTER = datetime.timedelta(minutes=15)


def import_upload_to(instance, filename: str) -> str:
    """Under ``imports/<year>/`` (``lean_portal.uploads.upload_path``); always an .xlsx file."""
    return upload_path("imports", "upload.xlsx")


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImportBatchQuerySet:
        """Only its uploader, the office of the uploader's municipality and administrators see an upload
        (the regional office does not: an upload is a municipality's working file, not a record)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_portal_admin:
            return self
        if user.is_economy and user.municipality_id is not None:
            return self.filter(
                Q(uploaded_by=user) | Q(uploaded_by__employee__organisation__municipality_id=user.municipality_id)
            )
        return self.filter(uploaded_by=user)

    def expired(self) -> ImportBatchQuerySet:
        return self.filter(created_at__lt=timezone.now() - datetime.timedelta(days=KEEP_DAYS))


class ImportBatch(models.Model):
    class State(models.TextChoices):
        CHECKING = "checking", "Идёт проверка"
        CHECKED = "checked", "Проверен, ожидает подтверждения"
        REJECTED = "rejected", "Есть ошибки: загрузка невозможна"
        IMPORTING = "importing", "Идёт загрузка"
        IMPORTED = "imported", "Загружен"
        FAILED = "failed", "Не загружен"

    RUNNING = (State.CHECKING, State.IMPORTING)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="загрузил", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField("файл", upload_to=import_upload_to, max_length=200)
    file_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveIntegerField("размер, байт")
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.CHECKING)
    progress_done = models.PositiveIntegerField("обработано строк", default=0)
    progress_total = models.PositiveIntegerField("всего строк", default=0)
    report = models.JSONField("отчёт проверки", default=dict, blank=True)
    result = models.JSONField("результат загрузки", default=dict, blank=True)
    created_at = models.DateTimeField("загружен", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    imported_at = models.DateTimeField("записан", null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "загрузка из Excel"
        verbose_name_plural = "загрузки из Excel"

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in self.RUNNING and not self.is_stale

    @property
    def is_stale(self) -> bool:
        return self.state in self.RUNNING and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def expires_on(self) -> datetime.date:
        return timezone.localdate(self.created_at) + datetime.timedelta(days=KEEP_DAYS)
