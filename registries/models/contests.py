"""Best-practice contests, their nominations and entries (indicator 3.3)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from orgs.models import Organisation
from registries.models.suggestions import Suggestion


class ContestQuerySet(models.QuerySet):
    def visible_to(self, user) -> ContestQuerySet:
        """Regional contests (organised by the regional office) are read by everyone; a municipality's
        contests by its own users; the regional office and administrators read every one."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_region:
            return self.all()
        return self.filter(
            Q(organisation__municipality__isnull=True) | Q(organisation__municipality_id=user.municipality_id or 0)
        )


class Contest(models.Model):
    """A best-practice contest: regional (the regional office's, for every municipality), municipal
    (counts for plan 3.3) or an organisation's in-house one."""

    class Level(models.TextChoices):
        REGIONAL = "regional", "региональный"
        MUNICIPAL = "municipal", "муниципальный"
        IN_HOUSE = "in_house", "внутренний (в организации)"

    organisation = models.ForeignKey(
        Organisation, verbose_name="организатор", on_delete=models.PROTECT, related_name="contests"
    )
    level = models.CharField(
        "уровень конкурса",
        max_length=20,
        choices=Level.choices,
        default=Level.IN_HOUSE,
        help_text=(
            "Муниципальный — конкурс для организаций округа; внутренний — конкурс внутри организации; "
            "региональный — конкурс регионального проектного офиса для всех муниципальных образований. В показателе "
            "3.3 плана учитываются только муниципальные конкурсы; конкурсы управления экономического развития — "
            "муниципальные, регионального проектного офиса — региональные."
        ),
    )
    title = models.CharField("название конкурса", max_length=300)
    year = models.PositiveSmallIntegerField("год")
    held_on = models.DateField("дата подведения итогов")
    description = models.TextField("описание", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    objects = ContestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "конкурс лучших практик"
        verbose_name_plural = "конкурсы лучших практик"

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:

        return reverse("registries:contest-detail", args=[self.pk])


# --- Contests ----------------------------------------------------------------------------


class ContestNomination(models.Model):
    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.CASCADE, related_name="nominations")
    position = models.PositiveSmallIntegerField("№", default=0)
    title = models.CharField("номинация", max_length=300)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "номинация"
        verbose_name_plural = "номинации"
        constraints = [models.UniqueConstraint(fields=["contest", "title"], name="unique_nomination_title")]

    def __str__(self) -> str:
        return self.title


class ContestEntry(models.Model):
    """A project or an improvement suggestion entered in a contest, with the jury's result."""

    contest = models.ForeignKey(Contest, verbose_name="конкурс", on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(
        ContestNomination,
        verbose_name="номинация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="проект",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
    )
    suggestion = models.ForeignKey(
        Suggestion,
        verbose_name="предложение по улучшению",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
    )
    score = models.DecimalField("балл жюри", max_digits=6, decimal_places=2, null=True, blank=True)
    place = models.PositiveSmallIntegerField("место", null=True, blank=True)
    is_winner = models.BooleanField("победитель", default=False)
    jury_comment = models.TextField("решение жюри", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["nomination__position", "place", "-score", "id"]
        verbose_name = "участник конкурса"
        verbose_name_plural = "участники конкурса"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, suggestion__isnull=True)
                    | models.Q(project__isnull=True, suggestion__isnull=False)
                ),
                name="contest_entry_project_xor_suggestion",
            ),
            models.UniqueConstraint(
                fields=["contest", "project"], condition=models.Q(project__isnull=False), name="unique_contest_project"
            ),
            models.UniqueConstraint(
                fields=["contest", "suggestion"],
                condition=models.Q(suggestion__isnull=False),
                name="unique_contest_suggestion",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project or self.suggestion)

    @property
    def subject(self):
        return self.project or self.suggestion

    @property
    def organisation(self):
        return self.subject.organisation
