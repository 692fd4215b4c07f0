"""Reads of the registries: results, counts and tables computed by database aggregation.

Public helpers other apps use:
  * ``winning_project_ids(year=None)`` — ids of projects that won a best-practice contest
    (the scoring library marks them);
  * ``survey_results(survey)`` — a survey's respondents, share satisfied and distribution.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from lean_portal.formats import percent, round_half_up
from orgs.access import visible_organisation_filter
from orgs.models import Employee, Organisation
from registries.models import (
    SATISFIED_FROM,
    SCALE_MAX,
    SCALE_MIN,
    ContestEntry,
    CultureDiagnostic,
    DiagnosticRating,
    DiagnosticStatement,
    Suggestion,
    Survey,
    SurveyAnswer,
    Training,
)

# --- Contests ----------------------------------------------------------------------------------


def winning_project_ids(year: int | None = None, project_ids=None) -> set[int]:
    """Projects that won a best-practice contest (of ``year`` when given; among ``project_ids``
    when given): one query."""
    entries = ContestEntry.objects.filter(is_winner=True, project__isnull=False)
    if year is not None:
        entries = entries.filter(contest__year=year)
    if project_ids is not None:
        entries = entries.filter(project_id__in=list(project_ids))
    return set(entries.values_list("project_id", flat=True))


def winning_suggestion_ids(year: int | None = None) -> set[int]:
    entries = ContestEntry.objects.filter(is_winner=True, suggestion__isnull=False)
    if year is not None:
        entries = entries.filter(contest__year=year)
    return set(entries.values_list("suggestion_id", flat=True))


# --- Surveys ------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return percent(part, whole, 1)


@dataclass
class QuestionResult:
    question: object
    answers: int = 0
    total: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(SCALE_MIN, SCALE_MAX + 1), 0))

    @property
    def average(self) -> Decimal | None:
        if not self.answers:
            return None
        return round_half_up(Decimal(self.total) / self.answers, 2)

    @property
    def satisfied_share(self) -> Decimal | None:
        return _share(sum(n for score, n in self.distribution.items() if score >= SATISFIED_FROM), self.answers)

    def bars(self) -> list[tuple[int, int, Decimal]]:
        """(score, count, percent) for the distribution chart."""
        return [(score, n, _share(n, self.answers) or Decimal(0)) for score, n in self.distribution.items()]


@dataclass
class SurveyResult:
    respondents: int | None
    satisfied_share: Decimal | None
    questions: list[QuestionResult]
    live: bool


def survey_results(survey: Survey) -> SurveyResult:
    """Live results of a portal survey (three queries); the recorded figures otherwise.

    Share satisfied: the share of all answers at 4 or 5 on the 1–5 scale.
    """
    if not survey.runs_in_portal:
        return SurveyResult(survey.respondents, survey.satisfied_share, [], live=False)
    questions = {q.pk: QuestionResult(question=q) for q in survey.questions.all()}
    rows = (
        SurveyAnswer.objects.filter(question__survey=survey)
        .values("question_id", "score")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        result = questions.get(row["question_id"])
        if result is None:
            continue
        result.distribution[row["score"]] = row["n"]
        result.answers += row["n"]
        result.total += row["n"] * row["score"]
    respondents = survey.responses.count()
    answers = sum(q.answers for q in questions.values())
    satisfied = sum(n for q in questions.values() for s, n in q.distribution.items() if s >= SATISFIED_FROM)
    return SurveyResult(respondents, _share(satisfied, answers), list(questions.values()), live=True)


# --- Suggestions: counts per organisation and year ------------------------------------------------


@dataclass
class CountRow:
    organisation: str
    organisation_id: int
    cells: list[tuple[int, int]]  # (submitted, implemented) per year
    submitted: int = 0
    implemented: int = 0


def suggestion_counts(queryset) -> tuple[list[int], list[CountRow]]:
    """Suggestions submitted (by ``submitted_on``) and implemented (by ``implemented_on``), org × year.

    Two aggregate queries over the suggestions alone (grouped by organisation id and year, as
    tuples) and one for the organisations' names, whatever the data.
    """
    submitted = (
        queryset.annotate(y=ExtractYear("submitted_on"))
        .values_list("organisation_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    implemented = (
        queryset.filter(state=Suggestion.State.IMPLEMENTED, implemented_on__isnull=False)
        .annotate(y=ExtractYear("implemented_on"))
        .values_list("organisation_id", "y")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, tuple[dict[int, int], dict[int, int]]] = {}
    years: set[int] = set()
    for index, rows in ((0, submitted), (1, implemented)):
        for organisation_id, year, n in rows:
            years.add(year)
            counts.setdefault(organisation_id, ({}, {}))[index][year] = n
    names = dict(Organisation.objects.filter(pk__in=list(counts)).values_list("pk", "short_name"))
    years_sorted = sorted(years)
    result = []
    for org_id in sorted(counts, key=lambda pk: (names.get(pk, ""), pk)):
        by_submitted, by_implemented = counts[org_id]
        cells = [(by_submitted.get(y, 0), by_implemented.get(y, 0)) for y in years_sorted]
        result.append(
            CountRow(
                organisation=names.get(org_id, ""),
                organisation_id=org_id,
                cells=cells,
                submitted=sum(by_submitted.values()),
                implemented=sum(by_implemented.values()),
            )
        )
    return years_sorted, result


# --- Recognition (5.2.3) -------------------------------------------------------------------------


def _count(queryset, group_field: str):
    return Coalesce(
        Subquery(queryset.values(group_field).annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()),
        Value(0),
    )


@dataclass
class ActiveEmployee:
    employee: Employee
    suggestions: int
    projects: int
    mentoring: int

    @property
    def total(self) -> int:
        return self.suggestions + self.projects + self.mentoring


def _recognition_subqueries(year: int):
    """What counts for an employee in ``year`` (``OuterRef("pk")`` is the employee): suggestions
    implemented in the year that they co-authored; projects they lead that closed in the year
    or are being implemented (approved by the year's end); mentoring that ran during the year."""
    from projects.models import Project

    through = Suggestion.authors.through
    suggestions = through.objects.filter(
        suggestion__state=Suggestion.State.IMPLEMENTED,
        suggestion__implemented_on__year=year,
    )
    projects = Project.objects.filter(
        Q(state__in=[Project.State.CLOSED, Project.State.MONITORING], closed_on__year=year)
        | (
            Q(state__in=Project.ACTIVE_STATES)
            & (Q(approved_at__isnull=True) | Q(approved_at__year__lte=year))
            & Q(created_at__year__lte=year)
        )
    )
    mentoring = Training.objects.filter(kind=Training.Kind.MENTORING, started_on__year__lte=year).filter(
        Q(completed_on__isnull=True) | Q(completed_on__year__gte=year)
    )
    return (suggestions, "employee"), (projects, "lead"), (mentoring, "mentor")


def recognition_organisations(user, year: int) -> QuerySet:
    """The visible organisations with at least one active employee in ``year``, by name
    (three grouped queries inside one; the page is then built for a page of them)."""
    active = Q()
    for queryset, person in _recognition_subqueries(year):
        active |= Q(pk__in=queryset.filter(**{f"{person}__isnull": False}).values(f"{person}__organisation_id"))
    return Organisation.objects.visible_to(user).filter(active).order_by("short_name", "pk")


def recognition(
    user, year: int, *, top: int = 5, organisations=None
) -> list[tuple[Organisation, list[ActiveEmployee]]]:
    """Each visible organisation's most active employees of ``year``: one query.

    ``organisations`` (ids) restricts it to some of them — a page of
    ``recognition_organisations`` — so that a region's page does not count every employee.
    What counts: see ``_recognition_subqueries``.
    """
    (suggestions, _), (projects, _), (mentoring, _) = _recognition_subqueries(year)
    employees = Employee.objects.filter(visible_organisation_filter(user, field="organisation"))
    if organisations is not None:
        employees = employees.filter(organisation_id__in=list(organisations))
    employees = (
        employees.select_related("organisation")
        .annotate(
            n_suggestions=_count(suggestions.filter(employee_id=OuterRef("pk")), "employee_id"),
            n_projects=_count(projects.filter(lead_id=OuterRef("pk")), "lead_id"),
            n_mentoring=_count(mentoring.filter(mentor_id=OuterRef("pk")), "mentor_id"),
        )
        .filter(Q(n_suggestions__gt=0) | Q(n_projects__gt=0) | Q(n_mentoring__gt=0))
        .order_by("organisation__short_name", "organisation_id", "last_name", "first_name")
    )
    grouped: dict[int, tuple[Organisation, list[ActiveEmployee]]] = {}
    for employee in employees:
        item = ActiveEmployee(employee, employee.n_suggestions, employee.n_projects, employee.n_mentoring)
        grouped.setdefault(employee.organisation_id, (employee.organisation, []))[1].append(item)
    result = []
    for organisation, people in grouped.values():
        people.sort(key=lambda p: (-p.total, -p.suggestions, p.employee.last_name))
        result.append((organisation, people[:top]))
    return result


# --- Culture self-diagnostics: years × statements ---------------------------------------------------


@dataclass
class DiagnosticsTable:
    years: list[int]
    diagnostics: list[CultureDiagnostic]
    rows: list[tuple[DiagnosticStatement, list[Decimal | None]]]
    averages: list[Decimal | None]


def diagnostics_table(organisation: Organisation) -> DiagnosticsTable:
    """An organisation's self-diagnostics, year over year: three queries."""
    diagnostics = list(CultureDiagnostic.objects.filter(organisation=organisation).order_by("year"))
    years = [d.year for d in diagnostics]
    scores: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in DiagnosticRating.objects.filter(diagnostic__organisation=organisation).values(
        "statement_id", "diagnostic__year", "score"
    ):
        scores[row["statement_id"]][row["diagnostic__year"]] = row["score"]
    statements = DiagnosticStatement.objects.filter(Q(is_active=True) | Q(pk__in=list(scores))).order_by(
        "position", "id"
    )
    rows = [(s, [scores[s.pk].get(y) for y in years]) for s in statements]
    averages = []
    for index in range(len(years)):
        values = [r[1][index] for r in rows if r[1][index] is not None]
        averages.append(round_half_up(sum(values) / len(values), 1) if values else None)
    return DiagnosticsTable(years, diagnostics, rows, averages)


def current_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def year_choices(start: int = 2022) -> list[int]:
    return list(range(max(current_year(), start) + 1, start - 1, -1))
