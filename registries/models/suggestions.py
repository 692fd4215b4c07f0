"""Improvement suggestions (ППУ) and their state log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from lean_portal.search import SearchQuerySet, SearchTextModel
from orgs.models import Employee, Organisation
from orgs.querysets import OrganisationScopedQuerySet


class SuggestionQuerySet(OrganisationScopedQuerySet, SearchQuerySet):
    def implemented(self) -> SuggestionQuerySet:
        return self.filter(state=Suggestion.State.IMPLEMENTED)


class Suggestion(SearchTextModel):
    """Предложение по улучшению (ППУ): a ready solution that needs no project."""

    SEARCH_FIELDS = ("title", "problem", "solution")

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Подано"
        ACCEPTED = "accepted", "Принято к внедрению"
        IMPLEMENTED = "implemented", "Внедрено"
        REJECTED = "rejected", "Отклонено"

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="suggestions"
    )
    title = models.CharField("кратко о предложении", max_length=300, blank=True)
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
    history = HistoricalRecords(m2m_fields=[authors], excluded_fields=["search_text"])

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "предложение по улучшению"
        verbose_name_plural = "предложения по улучшению"
        indexes = [
            models.Index(fields=["organisation", "state"]),
            # The list's default order: page 1 of 120,000 without sorting them all.
            models.Index(fields=["-submitted_on", "-id"], name="suggestion_submitted_desc"),
            # Covering (PostgreSQL): the plan's per-organisation counts of implemented
            # suggestions read the index alone.
            models.Index(
                fields=["state", "implemented_on"], include=["organisation"], name="suggestion_state_implemented"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.problem[:80]

    def get_absolute_url(self) -> str:

        return reverse("registries:suggestion-detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.state in (self.State.IMPLEMENTED, self.State.REJECTED)


class SuggestionTransition(models.Model):
    """One step of a suggestion's life: who moved it, when, with what comment."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="предложение", on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField("из состояния", max_length=20, choices=Suggestion.State.choices, blank=True)
    to_state = models.CharField("в состояние", max_length=20, choices=Suggestion.State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField("когда", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "изменение состояния предложения"
        verbose_name_plural = "журнал состояний предложений"

    def __str__(self) -> str:
        return f"{self.get_from_state_display() or '—'} → {self.get_to_state_display()}"
