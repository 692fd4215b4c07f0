"""Quarterly reports (6.2), the yearly self-assessment (6.3), deadline rules and reminders."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from lean_portal.uploads import upload_path
from orgs.models import Municipality, Organisation
from orgs.querysets import OrganisationScopedQuerySet
from reporting.periods import Quarter


class DeadlineRule(models.Model):
    """A deadline the office may change without code; a rule with an organisation overrides the general one."""

    class Kind(models.TextChoices):
        QUARTERLY_REPORT = "quarterly_report", "Квартальный отчёт о реализации бережливых проектов"
        SELF_ASSESSMENT_DONE = "self_assessment_done", "Проведение самооценки эффективности"
        SELF_ASSESSMENT_SENT = "self_assessment_sent", "Направление самооценки за подписью руководителя"
        PROJECT_STAGE = "project_stage", "Окончание этапа бережливого проекта"

    # The decree's numbers: 6.2 «ежеквартально до 01 числа», 6.3 «до 20 ноября», «до 1 декабря».
    DEFAULTS = {
        Kind.QUARTERLY_REPORT: {"day": 1, "month": None, "months_after": 1, "remind_days_before": 5},
        Kind.SELF_ASSESSMENT_DONE: {"day": 20, "month": 11, "months_after": 0, "remind_days_before": 7},
        Kind.SELF_ASSESSMENT_SENT: {"day": 1, "month": 12, "months_after": 0, "remind_days_before": 5},
        Kind.PROJECT_STAGE: {"day": 1, "month": None, "months_after": 0, "remind_days_before": 3},
    }

    kind = models.CharField("срок", max_length=30, choices=Kind.choices)
    # Each municipality's office keeps its own rules; ``save`` fills it from the organisation, else
    # the default municipality.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="только для организации",
        help_text="Пусто — правило для всех организаций.",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    day = models.PositiveSmallIntegerField(
        "число месяца",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Для месяцев короче — последний день месяца. Для сроков этапов не используется.",
    )
    month = models.PositiveSmallIntegerField(
        "месяц",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Для ежегодных сроков самооценки: месяц текущего года (11 — ноябрь).",
    )
    months_after = models.PositiveSmallIntegerField(
        "месяцев после окончания квартала",
        default=1,
        validators=[MaxValueValidator(12)],
        help_text="Для квартального отчёта: 1 — в месяце, следующем за кварталом.",
    )
    remind_days_before = models.PositiveSmallIntegerField(
        "напоминать за, дней",
        default=5,
        validators=[MaxValueValidator(60)],
        help_text="За сколько дней до срока рассылать напоминания; после срока — ежедневно.",
    )

    class Meta:
        ordering = ["kind", "organisation__short_name"]
        verbose_name = "правило сроков"
        verbose_name_plural = "правила сроков"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=Q(organisation=None),
                name="reporting_rule_general_per_municipality",
                violation_error_message="Общее правило для этого срока уже есть: измените его.",
            ),
            models.UniqueConstraint(
                fields=["kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="reporting_rule_per_organisation",
                violation_error_message="Правило этого срока для этой организации уже есть: измените его.",
            ),
        ]

    def __str__(self) -> str:
        target = self.organisation.short_name if self.organisation_id else "все организации"
        return f"{self.get_kind_display()} ({target})"

    def save(self, *args, **kwargs):
        if self.municipality_id is None:
            self.municipality_id = (
                self.organisation.municipality_id if self.organisation_id else Municipality.objects.default().pk
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        yearly = {self.Kind.SELF_ASSESSMENT_DONE, self.Kind.SELF_ASSESSMENT_SENT}
        if self.kind in yearly and not self.month:
            raise ValidationError({"month": "Для ежегодного срока укажите месяц."})


class ReportQuerySet(OrganisationScopedQuerySet):
    def received(self) -> ReportQuerySet:
        """Reports the office has in hand: submitted or accepted."""
        return self.filter(state__in=[QuarterlyReport.State.SUBMITTED, QuarterlyReport.State.ACCEPTED])


class QuarterlyReport(models.Model):
    """Отчёт о реализации бережливых проектов по направлениям (сферам) деятельности (6.2)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "Направлен в управление"
        RETURNED = "returned", "Возвращён на доработку"
        ACCEPTED = "accepted", "Принят"

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    year = models.PositiveSmallIntegerField("год", validators=[MinValueValidator(2022), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField("квартал", validators=[MinValueValidator(1), MaxValueValidator(4)])
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    general_comment = models.TextField("общий комментарий", blank=True)
    snapshot = models.JSONField(
        "данные на момент направления",
        null=True,
        blank=True,
        editable=False,
        help_text="Сведения портала, зафиксированные при направлении отчёта.",
    )
    submitted_at = models.DateTimeField("направлен", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="направил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("рассмотрен", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="рассмотрел",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField("замечания управления", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # Optimistic locking: every write bumps it; a form saved with an older one is refused.
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "organisation__short_name"]
        verbose_name = "квартальный отчёт"
        verbose_name_plural = "квартальные отчёты"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "quarter"],
                name="reporting_one_report_per_quarter",
                violation_error_message="Отчёт этой организации за этот квартал уже есть.",
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="reporting_quarter_1_4"),
        ]
        indexes = [
            models.Index(fields=["year", "quarter", "state"]),
            # The office's home panel: the oldest reports awaiting review (state, then submission order).
            models.Index(fields=["state", "submitted_at", "id"], name="reporting_report_state_sub"),
        ]

    def __str__(self) -> str:
        return f"Отчёт за {self.period.label} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:detail", args=[self.pk])

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def is_frozen(self) -> bool:
        """Submitted or accepted: its figures come from the snapshot, not from the live projects."""
        return self.state in (self.State.SUBMITTED, self.State.ACCEPTED) and self.snapshot is not None


class ReportProject(models.Model):
    """What the organisation writes about one project in one report."""

    report = models.ForeignKey(QuarterlyReport, verbose_name="отчёт", on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(
        "projects.Project", verbose_name="проект", on_delete=models.PROTECT, related_name="report_entries"
    )
    progress = models.TextField("ход реализации за квартал", blank=True)
    problems = models.TextField("проблемы", blank=True)
    help_needed = models.TextField("необходимая помощь", blank=True)

    class Meta:
        ordering = ["report", "project__title"]
        verbose_name = "проект в отчёте"
        verbose_name_plural = "проекты в отчёте"
        constraints = [models.UniqueConstraint(fields=["report", "project"], name="reporting_entry_once_per_report")]

    def __str__(self) -> str:
        return str(self.project)


class GoalActual(models.Model):
    """The actual value of a goal reached in a quarter: together they form the goal's time series."""

    report = models.ForeignKey(QuarterlyReport, verbose_name="отчёт", on_delete=models.CASCADE, related_name="actuals")
    goal = models.ForeignKey("projects.Goal", verbose_name="цель", on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField("фактическое значение", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report__year", "report__quarter"]
        verbose_name = "фактическое значение цели"
        verbose_name_plural = "фактические значения целей"
        constraints = [models.UniqueConstraint(fields=["report", "goal"], name="reporting_actual_once_per_report")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value}"


class ReportTransition(models.Model):
    report = models.ForeignKey(
        QuarterlyReport, verbose_name="отчёт", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField("из состояния", max_length=20, choices=QuarterlyReport.State.choices, blank=True)
    to_state = models.CharField("в состояние", max_length=20, choices=QuarterlyReport.State.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="кто", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "переход отчёта"
        verbose_name_plural = "журнал отчёта"

    def __str__(self) -> str:
        return f"{self.get_from_state_display() or '—'} → {self.get_to_state_display()}"


def selfassessment_upload_to(instance: SelfAssessment, filename: str) -> str:
    """Under ``selfassessments/<year of the self-assessment>/`` (``lean_portal.uploads.upload_path``)."""
    return upload_path("selfassessments", filename, year=instance.year)


class SelfAssessmentQuerySet(OrganisationScopedQuerySet):
    pass


class SelfAssessment(models.Model):
    """Самооценка эффективности деятельности по реализации бережливого управления (6.3)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Проводится"
        COMPLETED = "completed", "Проведена"
        SENT = "sent", "Направлена в управление"

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="self_assessments"
    )
    year = models.PositiveSmallIntegerField("год", validators=[MinValueValidator(2022), MaxValueValidator(2100)])
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.DRAFT)
    achievements = models.TextField("достижения", blank=True)
    problem_areas = models.TextField("проблемные зоны", blank=True)
    plans = models.TextField("планы на следующий год", blank=True)
    figures = models.JSONField("показатели на момент проведения", null=True, blank=True, editable=False)
    completed_at = models.DateTimeField("проведена", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="провёл",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField(
        "скан за подписью руководителя", upload_to=selfassessment_upload_to, blank=True, max_length=300
    )
    sent_at = models.DateTimeField("направлена", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="направил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__short_name"]
        verbose_name = "самооценка эффективности"
        verbose_name_plural = "самооценка эффективности"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="reporting_one_selfassessment_per_year",
                violation_error_message="Самооценка этой организации за этот год уже есть.",
            )
        ]

    def __str__(self) -> str:
        return f"Самооценка за {self.year} г. — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:selfassessment-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class ReminderLog(models.Model):
    """One reminder about one item to one organisation on one day: the unique key stops repeats."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    item = models.CharField("о чём", max_length=200)
    sent_on = models.DateField("дата")
    recipients = models.TextField("кому", blank=True)
    created_at = models.DateTimeField("отправлено", auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "organisation__short_name"]
        verbose_name = "напоминание"
        verbose_name_plural = "журнал напоминаний"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "item", "sent_on"], name="reporting_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%d.%m.%Y} {self.organisation}: {self.item}"
