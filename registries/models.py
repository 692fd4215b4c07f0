"""The registries behind the plan: improvement suggestions, training, model sites,
satisfaction surveys and best-practice contests.

These are the core records the plan indicators (``plan/``) and the quarterly reports
(``reporting/``) count; each has the date the counting is done by.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from orgs.models import Employee, Organisation, Sphere


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SuggestionQuerySet:
        from orgs.access import visible_organisation_filter

        return self.filter(visible_organisation_filter(user, field="organisation"))

    def implemented(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.IMPLEMENTED)


class Suggestion(models.Model):
    """Предложение по улучшению (ППУ): a ready solution that needs no project."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Подано"
        ACCEPTED = "accepted", "Принято к внедрению"
        IMPLEMENTED = "implemented", "Внедрено"
        REJECTED = "rejected", "Отклонено"

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="suggestions"
    )
    authors = models.ManyToManyField(Employee, verbose_name="авторы", related_name="suggestions")
    submitted_on = models.DateField("дата подачи")
    problem = models.TextField("проблема")
    solution = models.TextField("предлагаемое решение")
    expected_effect = models.TextField("ожидаемый эффект", blank=True)
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.SUBMITTED, db_index=True)
    implemented_on = models.DateField("дата внедрения", null=True, blank=True)
    achieved_effect = models.TextField("достигнутый эффект", blank=True)
    rejection_reason = models.TextField("причина отклонения", blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="открыт проект",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = SuggestionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[authors])

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "предложение по улучшению"
        verbose_name_plural = "предложения по улучшению"
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["state", "implemented_on"]),
        ]

    def __str__(self) -> str:
        return self.problem[:80]


class TrainingQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingQuerySet:
        from orgs.access import visible_organisation_filter

        return self.filter(visible_organisation_filter(user, field="employee__organisation"))


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
    certificate = models.FileField("сертификат (скан)", upload_to="certificates/%Y/", blank=True)
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
        indexes = [models.Index(fields=["kind", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.employee} — {self.get_kind_display()}"


class ModelSite(models.Model):
    """A model site (образец) created and confirmed by a partner audit (plan 3.1)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="model_sites"
    )
    sphere = models.ForeignKey(
        Sphere, verbose_name="сфера (направление)", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField("что сделано образцом", max_length=500)
    audit_date = models.DateField("дата партнёрской проверки")
    auditor = models.CharField("проверяющий партнёр", max_length=300)
    result = models.TextField("результат проверки", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-audit_date", "-id"]
        verbose_name = "образец (партнёрская проверка)"
        verbose_name_plural = "образцы и партнёрские проверки"

    def __str__(self) -> str:
        return self.title


def _survey_token() -> str:
    return secrets.token_urlsafe(8)


class Survey(models.Model):
    """A user-satisfaction survey held by an organisation (plan 3.2).

    Either recorded after the fact (method, respondents, share satisfied) or run in the
    portal on a public page reachable by ``public_token``.
    """

    class Method(models.TextChoices):
        PORTAL = "portal", "Онлайн-опрос на портале"
        PAPER = "paper", "Анкетирование на бумаге"
        PHONE = "phone", "Телефонный опрос"
        OTHER = "other", "Иной способ"

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="surveys"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="проект",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    title = models.CharField("название опроса", max_length=300)
    service = models.CharField("услуга или процесс", max_length=300, blank=True)
    method = models.CharField("способ проведения", max_length=20, choices=Method.choices, default=Method.PORTAL)
    held_on = models.DateField("дата проведения (начала)")
    closes_on = models.DateField("дата окончания", null=True, blank=True)
    # Recorded results (for surveys held outside the portal).
    respondents = models.PositiveIntegerField("число респондентов", null=True, blank=True)
    satisfied_share = models.DecimalField(
        "доля удовлетворённых, %", max_digits=5, decimal_places=1, null=True, blank=True
    )
    public_token = models.CharField("код ссылки", max_length=32, unique=True, default=_survey_token, editable=False)
    is_open = models.BooleanField("приём ответов открыт", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "опрос удовлетворённости"
        verbose_name_plural = "опросы удовлетворённости"

    def __str__(self) -> str:
        return self.title


class Contest(models.Model):
    """A municipal best-practice contest (plan 3.3)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="организатор", on_delete=models.PROTECT, related_name="contests"
    )
    title = models.CharField("название конкурса", max_length=300)
    year = models.PositiveSmallIntegerField("год")
    held_on = models.DateField("дата подведения итогов")
    description = models.TextField("описание", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "конкурс лучших практик"
        verbose_name_plural = "конкурсы лучших практик"

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"
