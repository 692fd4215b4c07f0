"""Deadlines from the office's rules for any organisation and period; what an organisation owes."""

import datetime

import pytest

from orgs.tests.factories import OrganisationFactory
from reporting.deadlines import Rules, outstanding, report_deadline, selfassessment_deadlines
from reporting.models import DeadlineRule
from reporting.periods import Quarter
from reporting.tests.factories import ProjectFactory, ReportFactory

pytestmark = pytest.mark.django_db


def test_default_rules_are_the_decrees(unit):
    assert report_deadline(unit, Quarter(2026, 1)) == datetime.date(2026, 4, 1)
    assert report_deadline(unit, Quarter(2026, 4)) == datetime.date(2027, 1, 1)
    assert selfassessment_deadlines(unit, 2026) == (datetime.date(2026, 11, 20), datetime.date(2026, 12, 1))


def test_without_rule_rows_the_built_in_defaults_apply(unit):
    DeadlineRule.objects.all().delete()
    assert report_deadline(unit, Quarter(2026, 4)) == datetime.date(2027, 1, 1)
    assert selfassessment_deadlines(unit, 2027) == (datetime.date(2027, 11, 20), datetime.date(2027, 12, 1))


def test_office_changes_general_rule_and_an_organisation_override(unit, other_org):
    DeadlineRule.objects.filter(kind="quarterly_report", organisation=None).update(day=5)
    DeadlineRule.objects.create(kind="quarterly_report", organisation=unit, day=10, months_after=1)
    DeadlineRule.objects.create(kind="self_assessment_done", organisation=unit, day=15, month=11)
    rules = Rules.load()
    assert report_deadline(unit, Quarter(2026, 4), rules) == datetime.date(2027, 1, 10)
    assert report_deadline(other_org, Quarter(2026, 4), rules) == datetime.date(2027, 1, 5)
    assert selfassessment_deadlines(unit, 2026, rules)[0] == datetime.date(2026, 11, 15)
    assert selfassessment_deadlines(other_org, 2026, rules)[0] == datetime.date(2026, 11, 20)


def test_yearly_rule_needs_a_month(unit):
    from django.core.exceptions import ValidationError

    rule = DeadlineRule(kind="self_assessment_sent", organisation=unit, day=1, month=None)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "month" in error.value.message_dict


def test_outstanding_reports_self_assessment_and_stages(unit):
    day = datetime.date(2026, 11, 26)
    ReportFactory(organisation=unit, year=2026, quarter=2, state="accepted")
    ReportFactory(organisation=unit, year=2026, quarter=3, state="returned")
    current = ProjectFactory(organisation=unit, title="Текущий")
    late = ProjectFactory(
        organisation=unit, title="Поздний", stage7_end=datetime.date(2026, 8, 1), stage9_date=datetime.date(2026, 9, 1)
    )
    items = {(d.key, d.due, d.note) for d in outstanding([unit], day)}
    assert items == {
        ("report:2026-3", datetime.date(2026, 10, 1), "Возвращён на доработку"),
        ("report:2026-4", datetime.date(2027, 1, 1), "не начат"),
        ("self-done:2026", datetime.date(2026, 11, 20), "не начата"),
        ("self-sent:2026", datetime.date(2026, 12, 1), "не начата"),
        (f"stage:{current.pk}:7", datetime.date(2026, 12, 15), "текущий этап"),
        (f"stage:{late.pk}:7", datetime.date(2026, 8, 1), "этап просрочен; просрочено этапов: 2"),
    }


def test_outstanding_queries_are_constant(django_assert_max_num_queries):
    orgs = [OrganisationFactory() for _ in range(30)]
    for org in orgs:
        ProjectFactory(organisation=org)
        ReportFactory(organisation=org, year=2026, quarter=3)
    rules = Rules.load()
    with django_assert_max_num_queries(3):
        items = outstanding(orgs, datetime.date(2026, 11, 26), rules)
    assert len(items) == 30 * 6


def test_self_assessment_is_recommended_never_overdue(unit):
    """6.3 is «рекомендательный»: after 20 November it is still a recommendation, never «просрочено»."""
    day = datetime.date(2026, 11, 26)
    items = {d.key: d for d in outstanding([unit], day)}
    done, sent = items["self-done:2026"], items["self-sent:2026"]
    assert done.recommended and sent.recommended
    assert not done.is_overdue(day) and not sent.is_overdue(day)
    assert done.when(day) == "рекомендуется до 20.11.2026"
    assert "просрочено" not in done.when(day)
    # A report past its date is overdue, as before.
    assert items["report:2026-3"].is_overdue(day)


def test_stage_10_of_a_closed_project_is_owed_until_the_stability_check(unit):
    day = datetime.date(2026, 11, 26)
    closed = ProjectFactory(
        organisation=unit, state="closed", current_stage=None, stage10_date=datetime.date(2026, 11, 1)
    )
    upcoming = ProjectFactory(
        organisation=unit, state="monitoring", current_stage=None, stage10_date=datetime.date(2026, 12, 20)
    )
    checked = ProjectFactory(
        organisation=unit,
        state="monitoring",
        stage10_date=datetime.date(2026, 11, 1),
        stability_checked_on=datetime.date(2026, 11, 2),
    )
    items = {d.key: d for d in outstanding([unit], day)}
    assert items[f"stage:{closed.pk}:10"].is_overdue(day)
    assert items[f"stage:{closed.pk}:10"].note == "этап просрочен"
    assert items[f"stage:{upcoming.pk}:10"].due == datetime.date(2026, 12, 20)
    assert not any(key.startswith(f"stage:{checked.pk}:") for key in items)


def test_deadlines_page_lists_stage_10_of_a_closed_project(client, unit, department_user, time_machine):
    from django.urls import reverse

    from conftest import client_for

    time_machine.move_to("2026-11-26")
    ProjectFactory(
        organisation=unit,
        title="Закрытый проект",
        state="closed",
        current_stage=None,
        stage10_date=datetime.date(2026, 11, 1),
    )
    html = client_for(client, department_user).get(reverse("reporting:deadlines")).content.decode()
    assert "Проект «Закрытый проект»: этап 10" in html
    assert "Самооценка эффективности за 2026 г.: провести (рекомендуется)" in html
    assert "рекомендуется до 20.11.2026" in html
