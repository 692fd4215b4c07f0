"""«Что нужно сделать»: the reports, self-assessment and stage dates the user's organisation owes."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lean_portal.panels import Panel, PanelItem
from reporting.deadlines import Deadline, Rules, outstanding, today
from reporting.models import DeadlineRule, QuarterlyReport
from reporting.periods import Quarter

# How far ahead the home page looks, per kind of deadline.
HORIZON_DAYS = {
    DeadlineRule.Kind.QUARTERLY_REPORT: 120,
    DeadlineRule.Kind.SELF_ASSESSMENT_DONE: 45,
    DeadlineRule.Kind.SELF_ASSESSMENT_SENT: 45,
    DeadlineRule.Kind.PROJECT_STAGE: 14,
}
LIMIT = 8


def _item(deadline: Deadline, day: datetime.date) -> PanelItem:
    overdue = deadline.is_overdue(day)
    returned = deadline.note == QuarterlyReport.State.RETURNED.label
    badge = f"{deadline.due:%d.%m.%Y}: {deadline.when(day)}"
    if returned:
        badge = f"возвращён на доработку · {badge}"
    soon = not deadline.recommended and deadline.days_left(day) <= 7  # a recommendation is never pressed
    style = "danger" if overdue else ("warning" if returned or soon else "secondary")
    return PanelItem(text=deadline.title, url=deadline.url, badge=badge, badge_style=style)


def panels(request) -> list[Panel]:
    user = request.user
    day = today()
    if user.is_region:
        return []  # the regional office reads the municipalities' summaries; it accepts no report
    if user.sees_everything:
        return [_office_panel(user, day)]
    organisation = user.organisation
    if organisation is None or organisation.is_economy_office:
        return []
    horizon = day + datetime.timedelta(days=HORIZON_DAYS[DeadlineRule.Kind.PROJECT_STAGE])
    deadlines = [
        d
        for d in outstanding([organisation], day, Rules.load(organisation.municipality_id), stages_ending_by=horizon)
        if d.is_overdue(day) or d.days_left(day) <= HORIZON_DAYS[d.kind]
    ]
    overdue_first = sorted(deadlines, key=lambda d: (not d.is_overdue(day), d.due))
    return [
        Panel(
            title="Отчётность и сроки",
            items=[_item(d, day) for d in overdue_first[:LIMIT]],
            empty_text="Просроченных и ближайших сроков нет: отчёты направлены, этапы проектов идут по графику.",
            more_url=reverse("reporting:deadlines"),
            more_text=f"Все сроки ({len(deadlines)})" if len(deadlines) > LIMIT else "Все сроки",
            weight=80 if any(d.is_overdue(day) for d in deadlines) else 40,
        )
    ]


def _office_panel(user, day: datetime.date) -> Panel:
    """The reports waiting for the office: its own municipality's."""
    waiting = (
        QuarterlyReport.objects.visible_to(user)
        .filter(state=QuarterlyReport.State.SUBMITTED)
        .select_related("organisation")
        .only("id", "year", "quarter", "submitted_at", "organisation__short_name")  # not the snapshot JSON
    )
    items = [
        PanelItem(
            text=f"{r.organisation.short_name}: отчёт за {r.period.label}",
            url=r.get_absolute_url(),
            badge=f"направлен {r.submitted_at:%d.%m.%Y}" if r.submitted_at else "направлен",
            badge_style="primary",
        )
        for r in waiting.order_by("submitted_at", "pk")[:LIMIT]
    ]
    period = Quarter.of(day)
    return Panel(
        title="Квартальные отчёты на рассмотрении",
        items=items,
        empty_text="Новых отчётов на рассмотрении нет.",
        more_url=f"{reverse('reporting:status')}?year={period.year}&quarter={period.quarter}",
        more_text="Сводка по организациям",
        weight=60,
    )
