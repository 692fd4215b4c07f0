"""Deadlines of every organisation and period, from the office's rules.

``Rules`` reads the rules once (one query) and answers for any organisation and
period; the date arithmetic itself is in ``reporting.periods``. ``outstanding``
lists what an organisation still owes: reports, the self-assessment (a recommended
date, 6.3: reminded, never overdue) and the stage end dates of its active passports
— and stage 10 of closed ones until the stability check is recorded — with a
constant number of queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from orgs.models import Municipality
from projects.models import STAGES, Project, stage_field_names
from projects.selectors import actual_stage_expression
from reporting.models import DeadlineRule, QuarterlyReport, SelfAssessment
from reporting.periods import Quarter, days_word, quarterly_report_due, yearly_due

Kind = DeadlineRule.Kind

# Overdue reports are chased for the current quarter's predecessors this far back.
OVERDUE_LOOKBACK_QUARTERS = 2


@dataclass(frozen=True)
class RuleValues:
    day: int
    month: int | None
    months_after: int
    remind_days_before: int


class Rules:
    """The deadline rules in force: each municipality's office keeps its own general rules, an organisation's
    own rule overrides its municipality's, and ``DeadlineRule.DEFAULTS`` apply where neither is set.

    An organisation is named by an instance (its municipality's rules apply) or by id (then the rules of
    ``municipality_id``: the municipality they were loaded for, else the default one).
    """

    def __init__(self, rules: Iterable[DeadlineRule] = (), municipality_id: int | None = None):
        self.municipality_id = municipality_id
        self._general: dict[tuple[int | None, str], RuleValues] = {}
        self._by_org: dict[tuple[str, int], RuleValues] = {}
        for rule in rules:
            values = RuleValues(rule.day, rule.month, rule.months_after, rule.remind_days_before)
            if rule.organisation_id is None:
                self._general[(rule.municipality_id, rule.kind)] = values
                if self.municipality_id is None and getattr(rule, "rule_is_default", False):
                    self.municipality_id = rule.municipality_id
            else:
                self._by_org[(rule.kind, rule.organisation_id)] = values

    @classmethod
    def load(cls, municipality=None) -> Rules:
        """The rules of ``municipality`` (an instance or an id), or of every municipality (one query)."""
        municipality_id = getattr(municipality, "pk", municipality)
        rules = DeadlineRule.objects.all()
        if municipality_id is not None:
            return cls(rules.filter(municipality_id=municipality_id), municipality_id)
        return cls(rules.annotate(rule_is_default=Q(municipality__slug=Municipality.DEFAULT_SLUG)))

    def get(self, kind: str, organisation=None) -> RuleValues:
        """The rule of ``kind`` for ``organisation`` (an instance, an id, or None: the municipality's general)."""
        municipality_id = getattr(organisation, "municipality_id", self.municipality_id)
        organisation_id = getattr(organisation, "pk", organisation)
        if organisation_id is not None and (kind, organisation_id) in self._by_org:
            return self._by_org[(kind, organisation_id)]
        if (municipality_id, kind) in self._general:
            return self._general[(municipality_id, kind)]
        return RuleValues(**DeadlineRule.DEFAULTS[kind])

    def organisations_with_own_rule(self, kind: str) -> set[int]:
        """Organisations whose ``kind`` deadline overrides the general rule (usually few; of the municipality
        loaded, when one was)."""
        return {organisation_id for rule_kind, organisation_id in self._by_org if rule_kind == kind}

    def report_due(self, organisation, period: Quarter) -> datetime.date:
        rule = self.get(Kind.QUARTERLY_REPORT, organisation)
        return quarterly_report_due(period, day=rule.day, months_after=rule.months_after)

    def selfassessment_done_by(self, organisation, year: int) -> datetime.date:
        rule = self.get(Kind.SELF_ASSESSMENT_DONE, organisation)
        return yearly_due(year, month=rule.month or 11, day=rule.day)

    def selfassessment_send_by(self, organisation, year: int) -> datetime.date:
        rule = self.get(Kind.SELF_ASSESSMENT_SENT, organisation)
        return yearly_due(year, month=rule.month or 12, day=rule.day)

    def remind_days(self, kind: str, organisation) -> int:
        return self.get(kind, organisation).remind_days_before


def report_deadline(organisation, period: Quarter, rules: Rules | None = None) -> datetime.date:
    """The day ``organisation``'s report for ``period`` is due."""
    return (rules or Rules.load(organisation.municipality_id)).report_due(organisation, period)


def selfassessment_deadlines(
    organisation, year: int, rules: Rules | None = None
) -> tuple[datetime.date, datetime.date]:
    """(done by, sent by) of ``organisation``'s self-assessment for ``year``."""
    rules = rules or Rules.load(organisation.municipality_id)
    return rules.selfassessment_done_by(organisation, year), rules.selfassessment_send_by(organisation, year)


def today() -> datetime.date:
    return timezone.localdate()


def url_with_query(name: str, *args, query: str = "") -> str:
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


@dataclass
class Deadline:
    key: str
    kind: str
    organisation: object
    title: str
    due: datetime.date
    url: str = ""
    note: str = ""
    # A recommended date, not a deadline (the self-assessment of 6.3 is «рекомендательный»): reminded once,
    # never overdue, never chased.
    recommended: bool = False

    def days_left(self, day: datetime.date) -> int:
        return (self.due - day).days

    def is_overdue(self, day: datetime.date) -> bool:
        return not self.recommended and self.due < day

    def when(self, day: datetime.date) -> str:
        """«просрочено на 3 дня», «срок сегодня», «через 5 дней»; «рекомендуется до 20.11.2026» for a recommendation."""
        if self.recommended:
            return f"рекомендуется до {self.due:%d.%m.%Y}"
        left = self.days_left(day)
        if left < 0:
            return f"просрочено на {days_word(-left)}"
        if left == 0:
            return "срок сегодня"
        return f"через {days_word(left)}"


def outstanding(
    organisations: Iterable,
    day: datetime.date | None = None,
    rules: Rules | None = None,
    *,
    stages_ending_by: datetime.date | None = None,
) -> list[Deadline]:
    """What ``organisations`` still owe, sorted by due date: three queries whatever their number.

    ``stages_ending_by``: of the projects' stages, only those the database finds ending by that day
    (overdue ones included), for a page that shows no later ones: a unit's home page reads the few
    projects due soon, not every running project."""
    day = day or today()
    rules = rules or Rules.load()
    orgs = {org.pk: org for org in organisations}
    if not orgs:
        return []
    current = Quarter.of(day)
    periods = [current.shift(-n) for n in range(OVERDUE_LOOKBACK_QUARTERS, -1, -1)]
    result: list[Deadline] = []

    reports = {
        (r.organisation_id, r.year, r.quarter): r
        for r in QuarterlyReport.objects.filter(
            organisation_id__in=orgs, year__gte=periods[0].year, year__lte=current.year
        ).only("id", "organisation_id", "year", "quarter", "state")
    }
    for org_id, org in orgs.items():
        for period in periods:
            report = reports.get((org_id, period.year, period.quarter))
            if report is not None and report.state in (QuarterlyReport.State.SUBMITTED, QuarterlyReport.State.ACCEPTED):
                continue
            due = rules.report_due(org, period)
            note = report.get_state_display() if report else "не начат"
            url = (
                report.get_absolute_url()
                if report
                else url_with_query("reporting:period", period.year, period.quarter, query=f"organisation={org_id}")
            )
            result.append(
                Deadline(
                    key=f"report:{period.year}-{period.quarter}",
                    kind=Kind.QUARTERLY_REPORT,
                    organisation=org,
                    title=f"Квартальный отчёт о реализации бережливых проектов за {period.label}",
                    due=due,
                    url=url,
                    note=note,
                )
            )

    assessments = {
        a.organisation_id: a
        for a in SelfAssessment.objects.filter(organisation_id__in=orgs, year=day.year).only(
            "id", "organisation_id", "year", "state"
        )
    }
    for org_id, org in orgs.items():
        assessment = assessments.get(org_id)
        state = assessment.state if assessment else None
        url = assessment.get_absolute_url() if assessment else url_with_query("reporting:selfassessment-list")
        if state in (None, SelfAssessment.State.DRAFT):
            result.append(
                Deadline(
                    key=f"self-done:{day.year}",
                    kind=Kind.SELF_ASSESSMENT_DONE,
                    organisation=org,
                    title=f"Самооценка эффективности за {day.year} г.: провести (рекомендуется)",
                    due=rules.selfassessment_done_by(org, day.year),
                    url=url,
                    note=assessment.get_state_display() if assessment else "не начата",
                    recommended=True,
                )
            )
        if state != SelfAssessment.State.SENT:
            result.append(
                Deadline(
                    key=f"self-sent:{day.year}",
                    kind=Kind.SELF_ASSESSMENT_SENT,
                    organisation=org,
                    title=(
                        f"Самооценка эффективности за {day.year} г.: направить за подписью руководителя (рекомендуется)"
                    ),
                    due=rules.selfassessment_send_by(org, day.year),
                    url=url,
                    note=assessment.get_state_display() if assessment else "не начата",
                    recommended=True,
                )
            )

    # Only what the stage rule reads: a unit may run hundreds of active projects.
    stage_fields = {name for number, _, _ in STAGES for name in stage_field_names(number)}
    projects = (
        Project.objects.owing_stages()
        .filter(organisation_id__in=orgs)
        .only("id", "organisation_id", "title", "state", "current_stage", "stability_checked_on", *sorted(stage_fields))
        .order_by("pk")
    )
    if stages_ending_by is not None:
        # A stage not yet passed (Stage.is_overdue, the «upcoming» stage below) that ends by then.
        ending = Q()
        for number, _, _ in STAGES:
            ending |= Q(reached_no__lte=number, **{f"{stage_field_names(number)[1]}__lte": stages_ending_by})
        projects = projects.annotate(reached_no=actual_stage_expression()).filter(ending)
    for project in projects:
        org = orgs[project.organisation_id]
        url = project.get_absolute_url()
        overdue = project.overdue_stages(day)
        if overdue:
            stage = overdue[0]
            more = f"; просрочено этапов: {len(overdue)}" if len(overdue) > 1 else ""
            result.append(
                Deadline(
                    key=f"stage:{project.pk}:{stage.number}",
                    kind=Kind.PROJECT_STAGE,
                    organisation=org,
                    title=f"Проект «{project.title}»: этап {stage.number} «{stage.name}» не завершён в срок",
                    due=stage.end,
                    url=url,
                    note=f"этап просрочен{more}",
                )
            )
            continue
        upcoming = project.upcoming_stage(day)
        if upcoming is None:
            continue
        result.append(
            Deadline(
                key=f"stage:{project.pk}:{upcoming.number}",
                kind=Kind.PROJECT_STAGE,
                organisation=org,
                title=f"Проект «{project.title}»: окончание этапа {upcoming.number} «{upcoming.name}»",
                due=upcoming.end,
                url=url,
                note="текущий этап",
            )
        )
    result.sort(key=lambda d: (d.due, d.organisation.short_name, d.key))
    return result
