"""Satisfaction surveys, run in the portal or entered as totals (indicator 3.2)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from orgs.models import Organisation
from orgs.querysets import OrganisationScopedQuerySet

# The survey's code is printed under its QR code and may be typed from paper: no letters or digits that
# look alike (no 0/o, 1/l/i), lower case only. 12 characters of 31: about 59 bits.
SURVEY_TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 - an alphabet, not a secret
SURVEY_TOKEN_LENGTH = 12


def _survey_token() -> str:
    return "".join(secrets.choice(SURVEY_TOKEN_ALPHABET) for _ in range(SURVEY_TOKEN_LENGTH))


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
    intro = models.TextField(
        "обращение к участникам", blank=True, help_text="Показывается на открытой странице опроса над вопросами."
    )
    public_token = models.CharField("код ссылки", max_length=32, unique=True, default=_survey_token, editable=False)
    is_open = models.BooleanField("приём ответов открыт", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="внёс", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    history = HistoricalRecords()

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "опрос удовлетворённости"
        verbose_name_plural = "опросы удовлетворённости"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return reverse("registries:survey-detail", args=[self.pk])

    @property
    def runs_in_portal(self) -> bool:
        return self.method == self.Method.PORTAL

    def public_path(self) -> str:
        """The public page at the short root alias ``/s/<token>/`` (URL name ``survey-short``)."""
        return reverse("survey-short", args=[self.public_token])

    def public_url(self) -> str:
        """The absolute link printed as a QR code at a service counter."""
        return settings.PORTAL_BASE_URL.rstrip("/") + self.public_path()

    def accepts_answers(self, today) -> bool:
        return (
            self.runs_in_portal
            and self.is_open
            and self.held_on <= today
            and (self.closes_on is None or today <= self.closes_on)
        )


# --- Surveys run in the portal ---------------------------------------------------------

SCALE_MIN, SCALE_MAX = 1, 5
# An answer at or above this mark counts the respondent as satisfied with that question.
SATISFIED_FROM = 4
SCALE_CHOICES = [(1, "1 — совсем не удовлетворён"), (2, "2"), (3, "3"), (4, "4"), (5, "5 — полностью удовлетворён")]


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("№", default=0)
    text = models.CharField("вопрос", max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "вопрос опроса"
        verbose_name_plural = "вопросы опроса"

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One anonymous respondent's submission: no user, no address is stored."""

    survey = models.ForeignKey(Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField("получен", auto_now_add=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "ответ на опрос"
        verbose_name_plural = "ответы на опрос"

    def __str__(self) -> str:
        return f"Ответ от {self.submitted_at:%d.%m.%Y %H:%M}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, verbose_name="ответ", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        SurveyQuestion, verbose_name="вопрос", on_delete=models.CASCADE, related_name="answers"
    )
    score = models.PositiveSmallIntegerField("оценка", choices=SCALE_CHOICES)

    class Meta:
        verbose_name = "оценка"
        verbose_name_plural = "оценки"
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="unique_answer_per_question"),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCALE_MIN, score__lte=SCALE_MAX), name="survey_score_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return str(self.score)


class GoalSurvey(models.Model):
    """A project goal measured by a survey's result: citizen feedback before and after the project."""

    class Moment(models.TextChoices):
        BEFORE = "before", "До реализации проекта"
        AFTER = "after", "После реализации проекта"

    goal = models.ForeignKey(
        "projects.Goal", verbose_name="цель проекта", on_delete=models.CASCADE, related_name="survey_links"
    )
    survey = models.ForeignKey(Survey, verbose_name="опрос", on_delete=models.CASCADE, related_name="goal_links")
    moment = models.CharField("когда проведён", max_length=10, choices=Moment.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "moment"]
        verbose_name = "опрос как показатель цели"
        verbose_name_plural = "опросы как показатели целей"
        constraints = [models.UniqueConstraint(fields=["goal", "moment"], name="one_survey_per_goal_moment")]

    def __str__(self) -> str:
        return f"{self.goal} — {self.get_moment_display()}: {self.survey}"
