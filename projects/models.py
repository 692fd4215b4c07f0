"""The lean project and its passport (Приложение №1 к Положению)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lean_portal.search import SearchQuerySet, SearchTextModel
from lean_portal.uploads import upload_path
from orgs.models import Employee, Organisation, Sphere, visible_organisation_filter
from orgs.querysets import OrganisationScopedQuerySet
from projects.stages import (
    STAGE_NAMES,
    STAGES,
    Stage,
    stage_date_errors,
    stage_field_names,
    stage_values,
)


class ProjectQuerySet(OrganisationScopedQuerySet, SearchQuerySet):
    def reachable_by(self, user) -> ProjectQuerySet:
        """One project looked up by id: what ``user`` reads (``visible_to``), plus the passports
        whose customer they read (the customer's head approves them) and those of the
        organisations whose decisions the admin made them deputy for. Not for lists: the OR
        spans two joins; on a lookup by id it costs nothing."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_region:
            return self.all()
        readable = Organisation.objects.filter(visible_organisation_filter(user, field="")).values("pk")
        return self.filter(
            Q(organisation__in=readable)
            | Q(customer_organisation__in=readable)
            | Q(organisation__decision_deputy=user)
            | Q(customer_organisation__decision_deputy=user)
        )

    def active(self) -> ProjectQuerySet:
        """Projects being worked on: approved and not yet closed."""
        return self.filter(state__in=Project.ACTIVE_STATES)

    def implemented(self) -> ProjectQuerySet:
        """Projects closed (stage 9 done), including those under stability monitoring."""
        return self.filter(state__in=Project.IMPLEMENTED_STATES)

    def owing_stages(self) -> ProjectQuerySet:
        """Projects that still owe a stage date: the active ones, and the implemented ones until
        stage 10, the stability check, is recorded."""
        return self.filter(
            Q(state__in=Project.ACTIVE_STATES)
            | Q(state__in=Project.IMPLEMENTED_STATES, stability_checked_on__isnull=True)
        )

    def approved(self) -> ProjectQuerySet:
        """Projects approved at some point: active or implemented."""
        return self.filter(state__in=Project.APPROVED_STATES)

    def published(self) -> ProjectQuerySet:
        """Passports the office has accepted: other organisations may see and replicate them."""
        return self.filter(state__in=Project.PUBLISHED_STATES)


def scan_upload_to(instance, filename: str) -> str:
    """Under ``projects/scans/<year>/`` (``lean_portal.uploads.upload_path``)."""
    return upload_path("projects/scans", filename)


class Project(SearchTextModel):
    SEARCH_FIELDS = ("title", "process")

    class Kind(models.TextChoices):
        INTERNAL = "internal", "Внутренний"
        INTERAGENCY = "interagency", "Межведомственный"
        INTERORGANISATIONAL = "interorganisational", "Межорганизационный"

    class State(models.TextChoices):
        DRAFT = "draft", "Черновик"
        SUBMITTED = "submitted", "На рассмотрении"
        RETURNED = "returned", "Возвращён на доработку"
        ACCEPTED = "accepted", "Принят, ожидает утверждения"
        APPROVED = "approved", "Утверждён"
        IN_PROGRESS = "in_progress", "Реализуется"
        CLOSED = "closed", "Закрыт"
        MONITORING = "monitoring", "Мониторинг стабильности"

    # The groups of states every app counts by (one place; the QuerySet methods of the same names).
    # «Active»: approved and being worked on.
    ACTIVE_STATES = [State.APPROVED, State.IN_PROGRESS]
    # «Implemented» (реализован): closed (stage 9 done) or under stability monitoring.
    IMPLEMENTED_STATES = [State.CLOSED, State.MONITORING]
    # Approved by the head at some point: active or implemented.
    APPROVED_STATES = [*ACTIVE_STATES, *IMPLEMENTED_STATES]
    # «Published»: accepted by the office, so other organisations may see and replicate it.
    # Drafts and passports under review or returned stay with their organisation.
    PUBLISHED_STATES = [State.ACCEPTED, *APPROVED_STATES]

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField("название бережливого проекта", max_length=500)
    kind = models.CharField("вид проекта", max_length=30, choices=Kind.choices, default=Kind.INTERNAL)
    participants = models.ManyToManyField(
        Organisation,
        verbose_name="участвующие организации",
        blank=True,
        related_name="participated_projects",
        help_text="Для межведомственных и межорганизационных проектов.",
    )
    sphere = models.ForeignKey(
        Sphere,
        verbose_name="сфера деятельности",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )

    # «УТВЕРЖДАЮ»: the head of the project's customer. For a customer of the portal they are
    # filled at approval from the person who approved; typed only for an outside customer.
    approver_name = models.CharField(
        "Ф.И.О. руководителя заказчика",
        max_length=300,
        blank=True,
        help_text="Только для заказчика вне портала: руководитель, который подпишет паспорт.",
    )
    approver_position = models.CharField(
        "должность руководителя заказчика",
        max_length=300,
        blank=True,
        help_text="Только для заказчика вне портала.",
    )
    approval_date = models.DateField("дата утверждения", null=True, blank=True)

    # «Общие данные». The customer is an organisation of the portal (its head approves the
    # passport in the portal) or, for an outside customer only, a name typed as text.
    customer_organisation = models.ForeignKey(
        Organisation,
        verbose_name="заказчик",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customer_projects",
        help_text="Организация портала; паспорт утверждает её руководитель.",
    )
    customer = models.CharField(
        "заказчик вне портала",
        max_length=500,
        blank=True,
        help_text="Только если заказчик — не организация портала: его полное наименование.",
    )
    process = models.CharField("процесс", max_length=500, blank=True)
    process_start = models.CharField("граница процесса: начало", max_length=500, blank=True)
    process_end = models.CharField("граница процесса: окончание", max_length=500, blank=True)
    lead = models.ForeignKey(
        Employee,
        verbose_name="руководитель бережливого проекта",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
    )

    # «Цели и эффекты»: goals are rows (``Goal``); effects are text.
    effects = models.TextField("эффекты", blank=True)

    # Replication: the project whose solution this one repeats, or a source outside the portal.
    replicates = models.ForeignKey(
        "self",
        verbose_name="тиражирует проект",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
    )
    replicates_source = models.CharField("тиражирует решение (источник вне портала)", max_length=500, blank=True)

    # «Сроки»: the ten stages of the form.
    stage1_date = models.DateField(STAGE_NAMES[1], null=True, blank=True)
    stage2_start = models.DateField(f"{STAGE_NAMES[2]}: начало", null=True, blank=True)
    stage2_end = models.DateField(f"{STAGE_NAMES[2]}: окончание", null=True, blank=True)
    stage3_start = models.DateField(f"{STAGE_NAMES[3]}: начало", null=True, blank=True)
    stage3_end = models.DateField(f"{STAGE_NAMES[3]}: окончание", null=True, blank=True)
    stage4_start = models.DateField(f"{STAGE_NAMES[4]}: начало", null=True, blank=True)
    stage4_end = models.DateField(f"{STAGE_NAMES[4]}: окончание", null=True, blank=True)
    stage5_start = models.DateField(f"{STAGE_NAMES[5]}: начало", null=True, blank=True)
    stage5_end = models.DateField(f"{STAGE_NAMES[5]}: окончание", null=True, blank=True)
    stage6_start = models.DateField(f"{STAGE_NAMES[6]}: начало", null=True, blank=True)
    stage6_end = models.DateField(f"{STAGE_NAMES[6]}: окончание", null=True, blank=True)
    stage7_start = models.DateField(f"{STAGE_NAMES[7]}: начало", null=True, blank=True)
    stage7_end = models.DateField(f"{STAGE_NAMES[7]}: окончание", null=True, blank=True)
    stage8_start = models.DateField(f"{STAGE_NAMES[8]}: начало", null=True, blank=True)
    stage8_end = models.DateField(f"{STAGE_NAMES[8]}: окончание", null=True, blank=True)
    stage9_date = models.DateField(STAGE_NAMES[9], null=True, blank=True)
    stage10_date = models.DateField(STAGE_NAMES[10], null=True, blank=True)

    # Life cycle.
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_at = models.DateTimeField("направлен на рассмотрение", null=True, blank=True)
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="утвердил",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approval_scan = models.FileField(
        "скан подписанного паспорта",
        upload_to=scan_upload_to,
        blank=True,
        help_text="PDF, JPEG или PNG до 10 МБ; выдаётся только через портал с проверкой доступа.",
    )
    current_stage = models.PositiveSmallIntegerField(
        "текущий этап (по отчёту команды)",
        null=True,
        blank=True,
        choices=[(number, f"{number}. {name}") for number, name, _ in STAGES],
    )
    stability_checked_on = models.DateField(
        "дата проверки стабильности",
        null=True,
        blank=True,
        help_text="Когда организация повторно измерила показатели целей (этап 10).",
    )
    baseline = models.JSONField(
        "утверждённые значения (базовая версия)",
        null=True,
        blank=True,
        editable=False,
        help_text="Сроки, цели и команда на момент утверждения: с ними сравниваются последующие изменения.",
    )
    closed_on = models.DateField(
        "дата закрытия",
        null=True,
        blank=True,
        help_text="Фактическая дата закрытия проекта (этап 9); по ней проект считается реализованным.",
    )

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
    # Optimistic locking: incremented on every save of the passport's content.
    version = models.PositiveIntegerField("версия", default=1)

    objects = ProjectQuerySet.as_manager()
    # Participating organisations are part of the passport: their changes are kept too.
    history = HistoricalRecords(m2m_fields=[participants], excluded_fields=["search_text"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "бережливый проект"
        verbose_name_plural = "бережливые проекты"
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["state", "closed_on"]),
            # The registry's default order with its tie-break (selectors.DeferredJoinPaginator): page 1
            # of 60,000 projects without sorting them all, and deep pages' ids from the index alone.
            models.Index(fields=["-created_at", "-id"], name="project_created_id_desc"),
            # The registry filtered by state (the office's state buttons), in the default order.
            models.Index(fields=["state", "-created_at", "-id"], name="project_state_created_id"),
            # The registry sorted by planned stage (computed from the stage ends and today): the ends
            # read from this small index instead of the whole table (PostgreSQL; plain index elsewhere).
            models.Index(
                fields=["id"],
                include=[stage_field_names(number)[1] for number, _, _ in STAGES],
                name="project_stage_ends",
            ),
            # The registry sorted by title, same reason.
            models.Index(fields=["title", "id"], name="project_title_id"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self) -> None:
        errors = stage_date_errors(stage_values(self), timezone.localdate())
        if self.replicates_id is not None and self.replicates_id == self.pk:
            errors["replicates"] = "Проект не может тиражировать сам себя."
        if errors:
            raise ValidationError(errors)

    @property
    def approving_organisation(self) -> Organisation:
        """Whose head approves the passport in the portal: the customer organisation, or the
        project's own organisation when the customer is outside the portal."""
        return self.customer_organisation if self.customer_organisation_id else self.organisation

    @property
    def customer_name(self) -> str:
        return self.customer_organisation.full_name if self.customer_organisation_id else self.customer

    @property
    def approver(self) -> tuple[str, str]:
        """(Ф.И.О., должность) of «УТВЕРЖДАЮ».

        Once approved: the person recorded at approval (who approved, for a customer of the
        portal). Before: the head of the customer organisation, who is to approve; for an
        outside customer, the head typed in the passport.
        """
        if self.customer_organisation_id and not self.approved_at:
            head = self.customer_organisation.head
            return (head.full_name, head.position) if head else ("", "")
        return self.approver_name, self.approver_position

    @property
    def approver_signature_name(self) -> str:
        """«Морозов И.Н.» from «Морозов Игорь Николаевич», as a signature line writes it."""
        name = self.approver[0]
        parts = name.split()
        if len(parts) < 2:
            return name
        return parts[0] + " " + "".join(f"{p[0]}." for p in parts[1:3])

    @property
    def is_editable(self) -> bool:
        """The passport's content may be changed only before it goes to review or after a return."""
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def is_implemented(self) -> bool:
        return self.state in self.IMPLEMENTED_STATES

    @property
    def is_published(self) -> bool:
        return self.state in self.PUBLISHED_STATES

    @property
    def actual_stage(self) -> int:
        """The stage the project has reached by its life cycle and recorded progress.

        Stage 1 (approval) is done once approved; 9 (closure) once closed; 10 once the
        stability check is recorded (then 11: nothing left).
        """
        if self.state == self.State.MONITORING:
            return 11 if self.stability_checked_on else 10
        if self.state == self.State.CLOSED:
            return 10
        if self.state in self.ACTIVE_STATES:
            return max(self.current_stage or 2, 2)
        return 1

    @property
    def reported_stage(self) -> int | None:
        """The stage the project has reached as a report states it, 1–10."""
        stage = self.actual_stage
        return min(stage, 10) if stage else None

    def overdue_stages(self, today: datetime.date) -> list[Stage]:
        """Stages whose end has passed while the project has not moved past them."""
        reached = self.actual_stage
        return [s for s in self.stages() if s.is_overdue(today, reached)]

    def upcoming_stage(self, today: datetime.date) -> Stage | None:
        """The first stage not yet passed whose end is ``today`` or later (the next date owed)."""
        reached = self.actual_stage
        return next((s for s in self.stages() if s.number >= reached and s.end is not None and s.end >= today), None)

    def schedule_verdict(self, today: datetime.date) -> tuple[bool | None, str]:
        """(on schedule?, why): the reached stage against the timeline's end dates on ``today``."""
        if self.is_implemented:
            planned_close = self.stage9_date
            if planned_close and self.closed_on and self.closed_on > planned_close:
                return False, f"закрыт {self.closed_on:%d.%m.%Y} позже плана ({planned_close:%d.%m.%Y})"
        overdue = self.overdue_stages(today)
        if overdue:
            stage = overdue[0]
            return False, f"просрочен этап {stage.number} «{stage.name}» (окончание {stage.end:%d.%m.%Y})"
        planned = self.planned_stage(today)
        if planned is None:
            return None, "сроки этапов не заполнены"
        return True, f"по графику этап {planned}, достигнут этап {self.reported_stage}"

    def stability_failed_goals(self) -> list[Goal]:
        """Goals whose value at the stability check fell back from the target."""
        if not self.stability_checked_on:
            return []
        return [goal for goal in self.goals.all() if goal.effect_held is False]

    @property
    def is_replicated(self) -> bool:
        return self.replicates_id is not None or bool(self.replicates_source)

    def stages(self) -> list[Stage]:
        result = []
        for number, name, is_range in STAGES:
            start_field, end_field = stage_field_names(number)
            result.append(
                Stage(
                    number=number,
                    name=name,
                    start=getattr(self, start_field),
                    end=getattr(self, end_field),
                    is_range=is_range,
                )
            )
        return result

    def planned_stage(self, today: datetime.date) -> int | None:
        """The stage the timeline puts ``today`` in: the first stage not yet ended.

        None when no stage has dates. 10 once every dated stage lies in the past.
        """
        dated = [s for s in self.stages() if s.end is not None]
        if not dated:
            return None
        for stage in dated:
            if stage.end >= today:
                return stage.number
        return dated[-1].number


class TeamMember(models.Model):
    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.CASCADE, related_name="team")
    employee = models.ForeignKey(
        Employee, verbose_name="сотрудник", on_delete=models.PROTECT, related_name="project_roles"
    )
    role = models.CharField("роль в команде", max_length=200)
    position = models.PositiveSmallIntegerField("№", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "участник команды"
        verbose_name_plural = "команда бережливого проекта"
        constraints = [models.UniqueConstraint(fields=["project", "employee"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.employee} — {self.role}"


class JustificationItem(models.Model):
    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.CASCADE, related_name="justification")
    position = models.PositiveSmallIntegerField("№", default=0)
    text = models.TextField("пункт обоснования")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "пункт обоснования"
        verbose_name_plural = "обоснование"

    def __str__(self) -> str:
        return self.text[:80]


class Goal(SearchTextModel):
    SEARCH_FIELDS = ("name",)

    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField("№", default=0)
    name = models.CharField("наименование цели", max_length=500)
    unit = models.CharField("единица измерения", max_length=100)
    current_value = models.DecimalField("текущий показатель", max_digits=14, decimal_places=2)
    target_value = models.DecimalField("целевой показатель", max_digits=14, decimal_places=2)
    stability_value = models.DecimalField(
        "показатель при проверке стабильности", max_digits=14, decimal_places=2, null=True, blank=True
    )

    objects = SearchQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "цель"
        verbose_name_plural = "цели и эффекты"

    def __str__(self) -> str:
        return f"{self.name}, {self.unit}"

    @property
    def is_decrease(self) -> bool:
        """True when the goal is to reduce the value (e.g. waiting time)."""
        return self.target_value < self.current_value

    @property
    def effect_held(self) -> bool | None:
        """Whether the value at the stability check still reaches the target (None: not measured)."""
        if self.stability_value is None:
            return None
        if self.is_decrease:
            return self.stability_value <= self.target_value
        return self.stability_value >= self.target_value


class Transition(models.Model):
    """One step of a passport's life cycle: who moved it, when, from which state to which, and why."""

    project = models.ForeignKey(Project, verbose_name="проект", on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField("из состояния", max_length=20, choices=Project.State.choices)
    to_state = models.CharField("в состояние", max_length=20, choices=Project.State.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("когда", default=timezone.now, db_index=True)
    comment = models.TextField("комментарий", blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "переход состояния паспорта"
        verbose_name_plural = "журнал состояний паспорта"

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class ChangeRequest(models.Model):
    """A change of an approved passport's stages, goals or team: proposed by the organisation,
    agreed by the economic development office and approved by the head, then applied."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "На согласовании"
        AGREED = "agreed", "Согласован, ожидает утверждения"
        APPROVED = "approved", "Утверждён и внесён в паспорт"
        REJECTED = "rejected", "Отклонён"

    OPEN_STATES = [State.SUBMITTED, State.AGREED]

    project = models.ForeignKey(
        Project, verbose_name="проект", on_delete=models.CASCADE, related_name="change_requests"
    )
    summary = models.CharField("что меняется", max_length=500)
    reason = models.TextField("почему")
    # {"stages": {field: "YYYY-MM-DD" | None}, "goals": {goal id: {"current_value": "…", "target_value": "…"}},
    #  "team_add": [{"employee": id, "role": "…"}], "team_remove": [team member id, …]}
    proposed = models.JSONField("предлагаемые значения", default=dict)
    state = models.CharField("состояние", max_length=20, choices=State.choices, default=State.SUBMITTED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="предложил", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("предложено", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="последнее решение",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("дата решения", null=True, blank=True)
    comment = models.TextField("комментарий к решению", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "запрос на изменение паспорта"
        verbose_name_plural = "запросы на изменение паспорта"

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES
