"""Reads behind the lists and the office's status table."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.urls import reverse

from orgs.access import can_write_organisation
from orgs.models import Organisation
from reporting.deadlines import Kind, Rules
from reporting.models import QuarterlyReport
from reporting.periods import Quarter


def reporting_organisations(user):
    """Organisations whose reports ``user`` follows: all for the office, own and subordinates otherwise."""
    return Organisation.objects.visible_to(user).active().filter(is_economy_office=False)


def own_organisation(user) -> Organisation:
    """The organisation the user reports for; 403 for accounts without one, for the office and for
    the regional level (its bodies report to no municipality)."""
    organisation = user.organisation
    if organisation is None or organisation.is_economy_office or organisation.is_regional:
        raise PermissionDenied("Квартальные отчёты заполняют структурные подразделения и учреждения.")
    return organisation


def organisation_for_period_page(request) -> Organisation:
    """The organisation named by ``?organisation=`` (visible to the user) or the user's own."""
    raw = request.GET.get("organisation")
    if raw:
        try:
            return reporting_organisations(request.user).get(pk=raw)
        except (Organisation.DoesNotExist, ValueError):
            raise Http404("Организация не найдена или недоступна.") from None
    return own_organisation(request.user)


STATUS_LABELS = {
    "accepted": ("Принят", "success", 0),
    "submitted": ("Направлен", "primary", 1),
    "returned": ("Возвращён", "warning", 2),
    "overdue": ("Просрочен", "danger", 3),
    "draft": ("Черновик", "secondary", 4),
    "not_started": ("Не начат", "light", 5),
}


@dataclass
class StatusRow:
    organisation: Organisation
    report: QuarterlyReport | None
    status: str
    due: datetime.date
    url: str = ""  # the report's page, or the organisation's period when it has no report

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def style(self) -> str:
        return STATUS_LABELS[self.status][1]


def report_status(report: QuarterlyReport | None, due: datetime.date, day: datetime.date) -> str:
    if report is not None and report.state in ("accepted", "submitted", "returned"):
        return report.state
    if due < day:
        return "overdue"
    if report is None:
        return "not_started"
    return report.state  # draft or returned


RECEIVED_OR_RETURNED = ("accepted", "submitted", "returned")


def _pending_status(overdue: bool):
    """SQL of ``report_status`` once the report is neither received nor returned."""
    if overdue:
        return Value("overdue")
    return Coalesce(F("report_state"), Value("not_started"))  # draft, or no report yet


def status_expression(period: Quarter, day: datetime.date, rules: Rules):
    """``report_status`` as SQL over organisations annotated with ``report_state``.

    The due date comes from ``rules`` (the single source): the general rule decides for every
    organisation except those with an own rule whose due date falls on the other side of ``day``,
    which are listed explicitly — so the SQL gives exactly what ``report_status`` gives.
    """
    overdue_by_default = rules.report_due(None, period) < day
    exceptions = sorted(
        organisation_id
        for organisation_id in rules.organisations_with_own_rule(Kind.QUARTERLY_REPORT)
        if (rules.report_due(organisation_id, period) < day) != overdue_by_default
    )
    whens = [When(report_state__in=RECEIVED_OR_RETURNED, then=F("report_state"))]
    if exceptions:
        whens.append(When(pk__in=exceptions, then=_pending_status(not overdue_by_default)))
    return Case(*whens, default=_pending_status(overdue_by_default), output_field=CharField())


def _status_rank():
    return Case(
        *(When(status=status, then=Value(rank)) for status, (_, _, rank) in STATUS_LABELS.items()),
        output_field=IntegerField(),
    )


# Each sort as SQL, ascending; ties broken by the organisation's id so that pages never overlap.
SORTS = {
    "organisation": lambda: [Lower("short_name")],
    "status": lambda: [_status_rank(), Lower("short_name")],
    "submitted": lambda: [F("report_submitted_at"), Lower("short_name")],
    "sphere": lambda: [Coalesce("sphere__name", Value("я")), F("short_name")],
}


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    expressions = [*SORTS.get(sort.lstrip("-"), SORTS["organisation"])(), F("pk")]
    if descending:
        return [e.desc(nulls_first=True) for e in expressions]
    return [e.asc(nulls_last=True) for e in expressions]


def status_queryset(
    period: Quarter, day: datetime.date, rules: Rules | None = None, *, municipality=None
) -> QuerySet[Organisation]:
    """Reporting organisations (of ``municipality``, when given) with their report for ``period`` (one LEFT
    JOIN) and their ``status``. ``rules`` must be that municipality's (``Rules.load(municipality)``)."""
    rules = rules or Rules.load(municipality)
    organisations = Organisation.objects.active().filter(is_economy_office=False)
    if municipality is not None:
        organisations = organisations.filter(municipality=municipality)
    return organisations.annotate(
        period_report=FilteredRelation(
            "quarterly_reports",
            condition=Q(quarterly_reports__year=period.year, quarterly_reports__quarter=period.quarter),
        ),
        report_id=F("period_report__id"),
        report_state=F("period_report__state"),
        report_submitted_at=F("period_report__submitted_at"),
    ).annotate(status=status_expression(period, day, rules))


@dataclass
class StatusTable:
    """The office's organisations × quarter table: counts over every organisation, rows sorted and paged in SQL."""

    period: Quarter
    rules: Rules
    organisations: QuerySet[Organisation]  # filtered and sorted, for a paginator
    counts: dict[str, int]
    matching: int | None = None  # how many organisations pass the filters, when the counts tell

    def rows(self, organisations: Iterable[Organisation]) -> list[StatusRow]:
        """Rows of the (already fetched) organisations of one page."""
        rows = []
        period_url = reverse("reporting:period", args=[self.period.year, self.period.quarter])
        for organisation in organisations:
            report = None
            if organisation.report_id is not None:
                report = QuarterlyReport(
                    pk=organisation.report_id,
                    organisation=organisation,
                    year=self.period.year,
                    quarter=self.period.quarter,
                    state=organisation.report_state,
                    submitted_at=organisation.report_submitted_at,
                )
            due = self.rules.report_due(organisation.pk, self.period)
            url = report.get_absolute_url() if report else f"{period_url}?organisation={organisation.pk}"
            rows.append(StatusRow(organisation, report, organisation.status, due, url))
        return rows


def status_table(
    period: Quarter,
    day: datetime.date,
    sort: str = "organisation",
    *,
    status: str = "",
    q: str = "",
    municipality=None,
) -> StatusTable:
    """Every reporting organisation of ``municipality`` × ``period``; the same number of queries whatever
    their number. ``status`` and ``q`` (part of the short or full name) filter the rows, not the counts.
    """
    rules = Rules.load(municipality)
    queryset = status_queryset(period, day, rules, municipality=municipality)
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in queryset.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    if status in STATUS_LABELS:
        queryset = queryset.filter(status=status)
    q = q.strip()
    if q:
        queryset = queryset.search(q)
    organisations = (
        queryset.select_related("sphere", "parent")
        # Only what the table shows: the sort then fits in memory (whole rows spilled it to disk at region scale).
        .only("id", "short_name", "sphere__name", "parent__short_name")
        .order_by(*_ordering(sort))
    )
    matching = None if q else counts[status] if status in STATUS_LABELS else sum(counts.values())
    return StatusTable(period, rules, organisations, counts, matching)


def may_write(user, organisation) -> bool:
    return can_write_organisation(user, organisation)
