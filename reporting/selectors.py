"""Reads behind the lists and the office's status table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs.access import can_write_organisation, get_object_for_user, visible_to
from orgs.models import Organisation
from reporting.deadlines import Rules
from reporting.models import QuarterlyReport, SelfAssessment
from reporting.periods import Quarter


def get_report_for_user(request, pk, *, write: bool = False) -> QuarterlyReport:
    """404 outside the user's reach, 403 when only reading is allowed and writing is asked."""
    queryset = QuarterlyReport.objects.select_related("organisation__sphere", "organisation__parent")
    return get_object_for_user(request.user, queryset, pk, field="organisation", write=write)


def get_selfassessment_for_user(request, pk, *, write: bool = False) -> SelfAssessment:
    queryset = SelfAssessment.objects.select_related("organisation__parent", "organisation__head")
    return get_object_for_user(request.user, queryset, pk, field="organisation", write=write)


def reporting_organisations(user):
    """Organisations whose reports ``user`` follows: all for the office, own and subordinates otherwise."""
    return visible_to(user, Organisation.objects.active().filter(is_economy_office=False), field="")


def own_organisation(user) -> Organisation:
    """The organisation the user reports for; 403 for accounts without one or for the office."""
    organisation = user.organisation
    if organisation is None or organisation.is_economy_office:
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


SORTS = {
    "organisation": lambda r: r.organisation.short_name.lower(),
    "status": lambda r: (STATUS_LABELS[r.status][2], r.organisation.short_name.lower()),
    "submitted": lambda r: (
        r.report.submitted_at.isoformat() if r.report and r.report.submitted_at else "9999",
        r.organisation.short_name.lower(),
    ),
    "sphere": lambda r: (r.organisation.sphere.name if r.organisation.sphere_id else "я", r.organisation.short_name),
}


def status_table(period: Quarter, day: datetime.date, sort: str = "organisation") -> list[StatusRow]:
    """Every reporting organisation × ``period``: three queries, whatever their number."""
    rules = Rules.load()
    organisations = Organisation.objects.active().filter(is_economy_office=False).select_related("sphere", "parent")
    reports = {
        r.organisation_id: r
        for r in QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter).only(
            "id", "organisation_id", "year", "quarter", "state", "submitted_at"
        )
    }
    rows = []
    for organisation in organisations:
        report = reports.get(organisation.pk)
        due = rules.report_due(organisation.pk, period)
        rows.append(StatusRow(organisation, report, report_status(report, due, day), due))
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["organisation"])
    rows.sort(key=key, reverse=descending)
    return rows


def may_write(user, organisation) -> bool:
    return can_write_organisation(user, organisation)
