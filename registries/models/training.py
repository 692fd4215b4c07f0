"""Training records: lean basics, the office «factory», mentoring."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lean_portal.uploads import upload_path
from orgs.models import Employee
from orgs.querysets import OrganisationScopedQuerySet


class TrainingQuerySet(OrganisationScopedQuerySet):
    organisation_path = "employee__organisation"

    def confirmed(self) -> TrainingQuerySet:
        """Training that counts (plan 2.1) and gives the right to assess (4.2): a certificate scan, or the
        economic development office's confirmation. A record an organisation typed in for itself does not."""
        return self.filter(confirmed_q())

    def unconfirmed(self) -> TrainingQuerySet:
        return self.exclude(confirmed_q())


def confirmed_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}certificate": ""}) | Q(**{f"{prefix}confirmed_at__isnull": False})


def certificate_upload_to(instance, filename: str) -> str:
    """Under ``certificates/<year>/`` (``lean_portal.uploads.upload_path``)."""
    return upload_path("certificates", filename)


class Training(models.Model):
    """One employee's completed (or ongoing) training in lean management."""

    class Kind(models.TextChoices):
        LEAN_BASICS = "lean_basics", "Основы бережливого управления (внешнее обучение)"
        INTERNAL_COURSE = "internal_course", "Внутреннее обучение"
        MENTORING = "mentoring", "Наставничество"
        OFFICE_FACTORY = "office_factory", "Фабрика офисных процессов"

    employee = models.ForeignKey(Employee, verbose_name="сотрудник", on_delete=models.PROTECT, related_name="trainings")
    kind = models.CharField("вид обучения", max_length=30, choices=Kind.choices)
    provider = models.CharField(
        "организатор обучения", max_length=300, blank=True, help_text="Например, АНО «Центр компетенций Кузбасса»."
    )
    mentor = models.ForeignKey(
        Employee,
        verbose_name="наставник",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_trainings",
    )
    started_on = models.DateField("дата начала")
    completed_on = models.DateField(
        "дата окончания", null=True, blank=True, help_text="Пусто, пока обучение не завершено."
    )
    hours = models.DecimalField("часов", max_digits=6, decimal_places=1, null=True, blank=True)
    certificate = models.FileField("сертификат (скан)", upload_to=certificate_upload_to, max_length=200, blank=True)
    # The office's confirmation of a training without a certificate scan (4.2, plan 2.1): who and when.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="обучение подтвердил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("обучение подтверждено", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    objects = TrainingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "обучение"
        verbose_name_plural = "обучение"
        # Covering (PostgreSQL): the plan's counts of trained employees read the index alone.
        indexes = [
            models.Index(fields=["kind", "completed_on"], include=["employee"], name="training_kind_completed"),
            # The list's default order.
            models.Index(fields=["-started_on", "-id"], name="training_started_desc"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:

        return reverse("registries:training-detail", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        """Confirmed training (4.2, plan 2.1): a certificate scan is attached, or the office confirmed it."""
        return bool(self.certificate) or self.confirmed_at is not None
