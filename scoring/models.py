"""Significance assessments of lean projects (Приложение №2 к Положению).

A ``RubricVersion`` holds the rubric the decree in force prescribes (seeded from
``scoring.rubric.DEFAULT_RUBRIC``); every ``Assessment`` records the version it used,
its chosen indicators and justification per criterion (``AssessmentCriterion``,
``AssessmentIndicator``), and the result ``evaluate`` gave, so it stays reproducible
when a later decree changes the rubric.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models import Employee, Municipality
from orgs.querysets import OrganisationScopedQuerySet
from projects.models import Project
from scoring import rubric as rubric_module
from scoring.rubric import STATUS_CHOICES, Result, Rubric, evaluate, not_lean_label, rubric_from_data
from scoring.seed import seed_version_1


def _municipality_id(municipality) -> int | None:
    return getattr(municipality, "pk", municipality)


class RubricVersionQuerySet(models.QuerySet):
    def regional(self) -> RubricVersionQuerySet:
        """The regional default's versions, set by the regional office."""
        return self.filter(municipality__isnull=True)

    def of_scope(self, municipality) -> RubricVersionQuerySet:
        """The versions of one scope: a municipality's own (``municipality``) or the regional ones (None)."""
        municipality_id = _municipality_id(municipality)
        if municipality_id is None:
            return self.regional()
        return self.filter(municipality_id=municipality_id)

    def readable_in(self, municipality) -> RubricVersionQuerySet:
        """What a municipality's office reads: the regional versions and its own (None: the regional ones)."""
        municipality_id = _municipality_id(municipality)
        if municipality_id is None:
            return self.regional()
        return self.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id))

    def current(self, municipality=None) -> RubricVersion:
        """The version new assessments are made under: the municipality's own current version if it
        has one, else the regional default's current one (``municipality`` None: the regional one)."""
        # One query: the municipality's own current version first, else the regional one.
        version = (
            self.filter(is_current=True)
            .filter(Q(municipality__isnull=True) | Q(municipality_id=_municipality_id(municipality)))
            .order_by(models.F("municipality").asc(nulls_last=True))
            .first()
        )
        if version is None and not self.exists():
            # An empty table (a flushed database): the decree's rubric, as the data migration seeds it.
            version = seed_version_1(self.model)
        if version is None:
            raise RubricVersion.DoesNotExist("Не задана действующая редакция методики оценки значимости.")
        return version


class RubricVersion(models.Model):
    """A version of the rubric (criteria, indicators, weights, cut-off) as JSON."""

    number = models.PositiveSmallIntegerField("номер редакции")
    # Empty: the regional default, set by the regional office, that every municipality starts from;
    # a municipality's own versions override it there.
    municipality = models.ForeignKey(
        Municipality,
        verbose_name="муниципальное образование",
        help_text="Пусто — региональная методика по умолчанию.",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField("наименование", max_length=300)
    basis = models.CharField(
        "основание",
        max_length=500,
        help_text="Нормативный акт, которым утверждена редакция методики.",
    )
    valid_from = models.DateField("действует с")
    is_current = models.BooleanField(
        "действующая", default=False, help_text="Новые оценки проводятся по действующей редакции."
    )
    data = models.JSONField(
        "критерии и показатели",
        help_text=(
            "Критерии, показатели с весами, отсекающие критерии и границы статусов "
            "в формате, который выгружает портал (веса — строками, например «1.5»)."
        ),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="создал",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", null=True, blank=True)

    objects = RubricVersionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = "редакция методики оценки"
        verbose_name_plural = "редакции методики оценки"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True, municipality__isnull=True),
                name="single_current_regional_rubric",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(is_current=True, municipality__isnull=False),
                name="single_current_rubric_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=Q(municipality__isnull=True), name="regional_rubric_number"
            ),
            models.UniqueConstraint(
                fields=["municipality", "number"],
                condition=Q(municipality__isnull=False),
                name="rubric_number_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"Редакция {self.number}: {self.title}"

    @property
    def is_regional(self) -> bool:
        return self.municipality_id is None

    @property
    def scope_label(self) -> str:
        return "региональная" if self.municipality_id is None else str(self.municipality)

    def to_rubric(self) -> Rubric:
        cached = getattr(self, "_rubric_cache", None)
        if cached is None or cached[0] != self.data:
            cached = (self.data, rubric_from_data(self.data))
            self._rubric_cache = cached
        return cached[1]

    def clean(self) -> None:
        try:
            self.to_rubric()
        except ValueError as exc:
            raise ValidationError({"data": str(exc)}) from exc
        if self.pk and self.assessments.exists():
            stored = RubricVersion.objects.filter(pk=self.pk).values_list("data", flat=True).first()
            if stored is not None and stored != self.data:
                raise ValidationError(
                    {
                        "data": "По этой редакции уже проведены оценки: её критерии менять нельзя, "
                        "чтобы оценки оставались воспроизводимыми. Создайте новую редакцию."
                    }
                )


class AssessmentQuerySet(OrganisationScopedQuerySet):
    organisation_path = "project__organisation"

    def official(self) -> AssessmentQuerySet:
        """The assessments that give projects their status (at most one per project)."""
        return self.filter(state=Assessment.State.AGREED)

    def awaiting_agreement(self) -> AssessmentQuerySet:
        return self.filter(kind=Assessment.Kind.SELF, state=Assessment.State.SUBMITTED)


class Assessment(models.Model):
    class Kind(models.TextChoices):
        SELF = "self", "Самостоятельная оценка организации"
        OFFICE = "office", "Оценка управления экономического развития"

    class State(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "На согласовании"
        AGREED = "agreed", "Согласована"
        REPLACED = "replaced", "Заменена"

    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.PROTECT, related_name="assessments")
    rubric_version = models.ForeignKey(
        RubricVersion, verbose_name="редакция методики", on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField("вид оценки", max_length=10, choices=Kind.choices)
    state = models.CharField("состояние", max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)

    # The result ``evaluate`` gave for the chosen indicators, stored for lists and reports.
    total = models.DecimalField("общий балл", max_digits=4, decimal_places=1, default=Decimal(0))
    is_lean = models.BooleanField("признан бережливым", default=False)
    status = models.CharField("статус", max_length=10, choices=STATUS_CHOICES, blank=True, db_index=True)
    cut_off_by = models.CharField("отсекающие критерии с 0 баллов", max_length=100, blank=True)

    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="оценивал (учётная запись)", on_delete=models.PROTECT, related_name="+"
    )
    assessor_employee = models.ForeignKey(
        Employee, verbose_name="оценивал", on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField("дата оценки")

    submitted_at = models.DateTimeField("направлена на согласование", null=True, blank=True)
    decided_at = models.DateTimeField("решение принято", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="решение принял",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_comment = models.TextField("комментарий к решению", blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="заменена оценкой",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )

    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = "оценка значимости"
        verbose_name_plural = "оценки значимости"
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(state="agreed"), name="one_official_assessment"),
            models.CheckConstraint(condition=Q(total__gte=0), name="assessment_total_not_negative"),
        ]
        indexes = [
            models.Index(fields=["project", "kind", "state"]),
            # The ranking's and the library's order (highest score first) among official assessments:
            # page 1 reads the top score's rows instead of sorting all 30,000 (region scale).
            models.Index(fields=["-total", "id"], condition=Q(state="agreed"), name="assessment_agreed_by_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} проекта «{self.project}» от {self.assessed_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:detail", args=[self.pk])

    @property
    def is_official(self) -> bool:
        return self.state == self.State.AGREED

    @property
    def state_label(self) -> str:
        if self.kind == self.Kind.OFFICE and self.state == self.State.AGREED:
            return "Действует"
        if self.kind == self.Kind.SELF and self.state == self.State.SUBMITTED:
            return "Ожидает согласования управлением экономического развития"
        return self.get_state_display()

    @property
    def status_label(self) -> str:
        """The status in the decree's words, or why the project is not lean."""
        if self.is_lean:
            return rubric_module.STATUS_LABELS[self.status]
        return not_lean_label(self.cut_off_codes, self.rubric_version.to_rubric())

    @property
    def cut_off_codes(self) -> list[str]:
        return [code for code in self.cut_off_by.split(",") if code]

    def choices(self) -> dict[str, list[str]]:
        """Criterion code → chosen indicator codes, from the stored rows."""
        result: dict[str, list[str]] = {}
        for criterion in self.criteria.all():
            result[criterion.code] = sorted(i.code for i in criterion.indicators.all())
        return result

    def justifications(self) -> dict[str, str]:
        return {criterion.code: criterion.justification for criterion in self.criteria.all()}

    def evaluate(self) -> Result:
        """Recompute the result from the stored choices and the stored rubric version."""
        return evaluate(self.choices(), self.rubric_version.to_rubric())

    def score_rows(self) -> list[dict]:
        """Per criterion of the rubric: name, chosen indicators (with text), score, justification."""
        rubric = self.rubric_version.to_rubric()
        stored = {c.code: c for c in self.criteria.all()}
        rows = []
        for criterion in rubric.criteria:
            row = stored.get(criterion.code)
            chosen = sorted(i.code for i in row.indicators.all()) if row else []
            rows.append(
                {
                    "criterion": criterion,
                    "indicators": [criterion.indicator(code) for code in chosen],
                    "score": row.score if row else Decimal(0),
                    "justification": row.justification if row else "",
                    "cuts_off": criterion.code in self.cut_off_codes,
                }
            )
        return rows


class AssessmentCriterion(models.Model):
    """One criterion of an assessment: its score and the assessor's justification (4.1)."""

    assessment = models.ForeignKey(Assessment, verbose_name="оценка", on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField("критерий", max_length=10)
    score = models.DecimalField("балл", max_digits=3, decimal_places=1, default=Decimal(0))
    justification = models.TextField("обоснование", blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "критерий оценки"
        verbose_name_plural = "критерии оценки"
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="unique_assessment_criterion")]
        # Covering (PostgreSQL): the library of best practices (criterion 6 scored 1 or more) reads
        # the index alone instead of the 210,000 criteria rows (region scale).
        indexes = [models.Index(fields=["code", "score"], include=["assessment"], name="criterion_code_score")]

    def __str__(self) -> str:
        return f"Критерий {self.code}: {self.score}"


class AssessmentIndicator(models.Model):
    """An indicator the assessor found satisfied."""

    criterion = models.ForeignKey(
        AssessmentCriterion, verbose_name="критерий", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField("показатель", max_length=10, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "выбранный показатель"
        verbose_name_plural = "выбранные показатели"
        constraints = [models.UniqueConstraint(fields=["criterion", "code"], name="unique_assessment_indicator")]

    def __str__(self) -> str:
        return self.code


class StatusCorrectionQuerySet(OrganisationScopedQuerySet):
    organisation_path = "assessment__project__organisation"

    def unacknowledged(self) -> StatusCorrectionQuerySet:
        return self.filter(acknowledged_at__isnull=True)


class StatusCorrection(models.Model):
    """An assessment whose status changed when a rubric version itself was corrected.

    A new rubric version never touches stored assessments (each keeps the version it was
    made under); a correction of a version's misreading (migration
    ``0006_correct_rubric_version_1_cut_off``) recomputes them, and the office is shown,
    once, whose status changed, until someone of the office acknowledges it.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name="оценка", on_delete=models.CASCADE, related_name="status_corrections"
    )
    reason = models.CharField("причина пересчёта", max_length=500)
    old_total = models.DecimalField("балл до пересчёта", max_digits=4, decimal_places=1)
    old_is_lean = models.BooleanField("признан бережливым до пересчёта")
    old_status = models.CharField("статус до пересчёта", max_length=10, choices=STATUS_CHOICES, blank=True)
    old_cut_off_by = models.CharField("отсекающие критерии до пересчёта", max_length=100, blank=True)
    new_total = models.DecimalField("балл после пересчёта", max_digits=4, decimal_places=1)
    new_is_lean = models.BooleanField("признан бережливым после пересчёта")
    new_status = models.CharField("статус после пересчёта", max_length=10, choices=STATUS_CHOICES, blank=True)
    new_cut_off_by = models.CharField("отсекающие критерии после пересчёта", max_length=100, blank=True)
    created_at = models.DateTimeField("пересчитана", default=timezone.now)
    acknowledged_at = models.DateTimeField("просмотрено", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="просмотрел",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StatusCorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "изменение статуса при исправлении методики"
        verbose_name_plural = "изменения статусов при исправлении методики"

    def __str__(self) -> str:
        return f"{self.assessment}: {self.old_label} → {self.new_label}"

    def _label(self, is_lean: bool, status: str, cut_off_by: str) -> str:
        if is_lean:
            return rubric_module.STATUS_LABELS.get(status, status)
        codes = [code for code in cut_off_by.split(",") if code]
        return not_lean_label(codes, self.assessment.rubric_version.to_rubric())

    @property
    def old_label(self) -> str:
        return self._label(self.old_is_lean, self.old_status, self.old_cut_off_by)

    @property
    def new_label(self) -> str:
        return self._label(self.new_is_lean, self.new_status, self.new_cut_off_by)
