"""The registries behind the plan: improvement suggestions, training, model sites,
satisfaction surveys and best-practice contests.

These are the core records the plan indicators (``plan/``) and the quarterly reports
(``reporting/``) count; each has the date the counting is done by.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from lean_portal.search import SearchQuerySet, SearchTextModel
from orgs.models import Employee, Organisation, Sphere


class SuggestionQuerySet(SearchQuerySet):
    def visible_to(self, user) -> SuggestionQuerySet:
        from orgs.access import visible_organisation_filter

        return self.filter(visible_organisation_filter(user, field="organisation"))

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
        from django.urls import reverse

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


class TrainingQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingQuerySet:
        from orgs.access import visible_organisation_filter

        return self.filter(visible_organisation_filter(user, field="employee__organisation"))

    def confirmed(self) -> TrainingQuerySet:
        """Training that counts (plan 2.1) and gives the right to assess (4.2): a certificate scan, or the
        economic development office's confirmation. A record an organisation typed in for itself does not."""
        return self.filter(confirmed_q())

    def unconfirmed(self) -> TrainingQuerySet:
        return self.exclude(confirmed_q())


def confirmed_q(prefix: str = "") -> Q:
    return ~Q(**{f"{prefix}certificate": ""}) | Q(**{f"{prefix}confirmed_at__isnull": False})


def certificate_upload_to(instance, filename: str) -> str:
    """A random file name under ``certificates/<year>/``: nothing guessable, nothing the uploader chose."""
    import datetime
    import os

    extension = os.path.splitext(filename)[1].lower()[:5]
    return f"certificates/{datetime.date.today():%Y}/{secrets.token_hex(16)}{extension}"


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
        from django.urls import reverse

        return reverse("registries:training-detail", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        """Confirmed training (4.2, plan 2.1): a certificate scan is attached, or the office confirmed it."""
        return bool(self.certificate) or self.confirmed_at is not None


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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:modelsite-detail", args=[self.pk])


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

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = "опрос удовлетворённости"
        verbose_name_plural = "опросы удовлетворённости"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:survey-detail", args=[self.pk])

    @property
    def runs_in_portal(self) -> bool:
        return self.method == self.Method.PORTAL

    def public_path(self) -> str:
        """The public page; the short root alias ``/s/<token>/`` (URL name ``survey-short``) when installed."""
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("survey-short", args=[self.public_token])
        except NoReverseMatch:
            return reverse("registries:survey-public", args=[self.public_token])

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


class Contest(models.Model):
    """A best-practice contest: municipal (counts for plan 3.3) or an organisation's in-house one."""

    class Level(models.TextChoices):
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
            "Муниципальный — конкурс для организаций округа; внутренний — конкурс внутри организации. В показателе "
            "3.3 плана учитываются только муниципальные конкурсы; конкурсы управления экономического развития — "
            "муниципальные."
        ),
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

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("registries:contest-detail", args=[self.pk])


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


# --- Culture self-diagnostics (5.2.1) ---------------------------------------------------


class DiagnosticStatement(models.Model):
    """A statement of the self-diagnostics questionnaire, rated on the 1–5 scale; edited by the office."""

    text = models.CharField("утверждение", max_length=500, unique=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "утверждение самодиагностики"
        verbose_name_plural = "утверждения самодиагностики"

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

    class Meta:
        ordering = ["-year", "organisation__short_name"]
        verbose_name = "самодиагностика корпоративной культуры"
        verbose_name_plural = "самодиагностика корпоративной культуры"
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_diagnostic_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.year}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

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
