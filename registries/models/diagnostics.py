"""Culture self-diagnostics (5.2.1): the office questionnaire and each organisation's answers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from orgs.models import Municipality, Organisation
from orgs.querysets import OrganisationScopedQuerySet

# --- Culture self-diagnostics (5.2.1) ---------------------------------------------------


class DiagnosticStatementQuerySet(models.QuerySet):
    def of_municipality(self, municipality_id) -> DiagnosticStatementQuerySet:
        """The questionnaire in a municipality: the regional statements and its own additions."""
        if municipality_id is None:
            return self.filter(municipality__isnull=True)
        return self.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))


class DiagnosticStatement(models.Model):
    """A statement of the self-diagnostics questionnaire, rated on the 1–5 scale.

    Like the spheres, a reference list a municipality may extend: the regional statements (no
    municipality) are everyone's and kept by the regional office; a municipality's office adds and
    edits its own, rated only in its municipality. The questionnaire the district kept before
    municipalities is the default municipality's own (migration 0008).
    """

    text = models.CharField("утверждение", max_length=500)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        help_text="Пусто — утверждение регионального перечня, общее для всех.",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DiagnosticStatementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "утверждение самодиагностики"
        verbose_name_plural = "утверждения самодиагностики"
        constraints = [
            models.UniqueConstraint(
                fields=["text"], condition=Q(municipality__isnull=True), name="regional_statement_text"
            ),
            models.UniqueConstraint(
                fields=["municipality", "text"],
                condition=Q(municipality__isnull=False),
                name="statement_text_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class CultureDiagnostic(models.Model):
    """An organisation's yearly self-diagnostics of its corporate culture (5.2.1)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="организация", on_delete=models.PROTECT, related_name="culture_diagnostics"
    )
    year = models.PositiveSmallIntegerField("год")
    held_on = models.DateField("дата проведения")
    participants = models.PositiveIntegerField("число участников", null=True, blank=True)
    problems = models.TextField("проблемные и кризисные ситуации, требующие изменений", blank=True)
    achievements = models.TextField("достижения от реализации бережливых проектов", blank=True)
    directions = models.TextField(
        "перспективные направления (сферы деятельности) бережливых проектов",
        help_text="Что выявила самодиагностика: где разрабатывать и реализовывать бережливые проекты.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__short_name"]
        verbose_name = "самодиагностика корпоративной культуры"
        verbose_name_plural = "самодиагностика корпоративной культуры"
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_diagnostic_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.year}"

    def get_absolute_url(self) -> str:

        return reverse("registries:diagnostics-detail", args=[self.pk])


class DiagnosticRating(models.Model):
    diagnostic = models.ForeignKey(
        CultureDiagnostic, verbose_name="самодиагностика", on_delete=models.CASCADE, related_name="ratings"
    )
    statement = models.ForeignKey(
        DiagnosticStatement, verbose_name="утверждение", on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.DecimalField(
        "оценка (средняя по коллективу)",
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="От 1 до 5.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement__position", "statement_id"]
        verbose_name = "оценка утверждения"
        verbose_name_plural = "оценки утверждений"
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "statement"], name="one_rating_per_statement"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="diagnostic_score_on_scale"),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
