"""send_reminders with the locmem backend: the right people, Russian text, once a day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from orgs.tests.factories import EmployeeFactory, UserFactory
from reporting.models import DeadlineRule, ReminderLog
from reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(unit, department_user, director_user, colleague_user, school_user, economy_user):
    unit.email = "obrazovanie@example.ru"
    unit.save(update_fields=["email"])
    department_user.email = "kuznetsova@example.ru"
    department_user.save(update_fields=["email"])
    director_user.employee.email = "head@example.ru"  # the head: no user e-mail, an employee one
    director_user.employee.save(update_fields=["email"])
    school_user.email = "school@example.ru"
    school_user.save(update_fields=["email"])
    economy_user.email = "economy@example.ru"
    economy_user.save(update_fields=["email"])
    # An inactive account gets nothing.
    UserFactory(username="gone", is_active=False, email="gone@example.ru", employee=EmployeeFactory(organisation=unit))
    return unit


def run(day: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", date=day, stdout=out)
    return out.getvalue()


def test_overdue_report_reminds_users_head_and_organisation_once_a_day(addressed, unit, school):
    ReportFactory(organisation=unit, year=2026, quarter=3, state="draft")
    output = run("2026-10-03")
    assert "Отправлено писем: 2" in output  # the unit and its school; never the office
    by_org = {m.subject.rsplit("— ", 1)[1]: m for m in mail.outbox}
    message = by_org[unit.short_name]
    assert message.subject == f"Бережливый портал: просроченные сроки — {unit.short_name}"
    assert sorted(message.to) == ["head@example.ru", "kuznetsova@example.ru", "obrazovanie@example.ru"]
    assert "Срок истёк:" in message.body
    assert (
        "— Квартальный отчёт о реализации бережливых проектов за III квартал 2026 г.: срок 01.10.2026 "
        "(просрочено на 2 дня)." in message.body
    )
    assert "http://" in message.body and "/reports/" in message.body
    assert by_org[school.short_name].to == ["school@example.ru"]
    # The second run the same day sends nothing new.
    mail.outbox.clear()
    assert "Отправлено писем: 0" in run("2026-10-03")
    assert mail.outbox == []
    # The next day the overdue report is chased again.
    run("2026-10-04")
    assert len(mail.outbox) == 2


def test_reminder_a_few_days_before_the_deadline_not_earlier(addressed, unit, school):
    ReportFactory(organisation=school, year=2026, quarter=4, state="accepted")
    ReportFactory(organisation=school, year=2026, quarter=3, state="accepted")
    ReportFactory(organisation=school, year=2026, quarter=2, state="accepted")
    ReportFactory(organisation=unit, year=2026, quarter=3, state="submitted")
    ReportFactory(organisation=unit, year=2026, quarter=2, state="accepted")
    for quarter_org in (unit, school):
        from reporting.models import SelfAssessment

        SelfAssessment.objects.create(organisation=quarter_org, year=2026, state="sent")
    run("2026-12-26")  # Q4 due 1 January: 6 days left, the rule says 5
    assert mail.outbox == []
    run("2026-12-27")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Бережливый портал: приближающиеся сроки — {unit.short_name}"
    assert "Приближается срок:" in message.body
    assert "за IV квартал 2026 г.: срок 01.01.2027 (через 5 дней)." in message.body


def test_changed_rule_changes_the_reminder_window(addressed, unit, school):
    DeadlineRule.objects.filter(kind="quarterly_report", organisation=None).update(remind_days_before=10)
    ReportFactory(organisation=unit, year=2026, quarter=3, state="accepted")
    ReportFactory(organisation=unit, year=2026, quarter=2, state="accepted")
    run("2026-12-22")
    assert any("за IV квартал 2026 г.: срок 01.01.2027 (через 10 дней)" in m.body for m in mail.outbox)


def test_self_assessment_reminders_in_russian(addressed, unit):
    run("2026-11-15")
    body = next(m.body for m in mail.outbox if "kuznetsova@example.ru" in m.to)  # recipients in any order
    # 6.3 is «рекомендательный»: a recommendation, not a deadline.
    assert "Рекомендуется:" in body
    assert "Самооценка эффективности за 2026 г.: провести (рекомендуется): рекомендуется до 20.11.2026." in body


def test_self_assessment_is_reminded_once_never_chased(addressed, unit):
    """Reminded once within the reminder window; never «Срок истёк», never daily after the recommended date."""
    ReportFactory(organisation=unit, year=2026, quarter=3, state="accepted")
    ReportFactory(organisation=unit, year=2026, quarter=2, state="accepted")
    run("2026-11-15")
    first = [m.body for m in mail.outbox if "kuznetsova@example.ru" in m.to]
    assert any("провести (рекомендуется)" in body for body in first)
    mail.outbox.clear()
    for day in ("2026-11-16", "2026-11-21", "2026-11-25", "2026-12-02", "2026-12-15"):
        run(day)
    bodies = [m.body for m in mail.outbox]
    assert not any("провести (рекомендуется)" in body for body in bodies), bodies
    assert not any("Самооценка" in body.split("Рекомендуется:")[0] for body in bodies)  # never under «Срок истёк»
    assert not any(
        "Срок истёк" in body and "Самооценка эффективности за 2026" in body.split("Рекомендуется:")[0]
        for body in bodies
    )


def test_stage_10_of_a_closed_project_is_chased(addressed, unit):
    """A closed project owes stage 10 (the stability check) like any stage: chased once its date has passed."""
    from reporting.tests.factories import ProjectFactory

    ProjectFactory(
        organisation=unit,
        title="Закрытый без проверки стабильности",
        state="closed",
        current_stage=None,
        stage9_date=datetime.date(2026, 6, 1),
        stage10_date=datetime.date(2026, 10, 1),
    )
    ProjectFactory(
        organisation=unit,
        title="Проверка стабильности проведена",
        state="monitoring",
        stage9_date=datetime.date(2026, 6, 1),
        stage10_date=datetime.date(2026, 10, 1),
        stability_checked_on=datetime.date(2026, 10, 1),
    )
    run("2026-10-20")
    body = next(m.body for m in mail.outbox if "kuznetsova@example.ru" in m.to)
    overdue = body.split("Срок истёк:")[1]
    assert "Проект «Закрытый без проверки стабильности»: этап 10" in overdue
    assert "Проверка стабильности проведена" not in body


def test_organisation_without_addresses_is_counted_not_mailed(unit, other_org):
    output = run("2026-10-03")
    assert "Отправлено писем: 0" in output
    assert "организаций без адресов: 2" in output
    assert not ReminderLog.objects.exists()


def test_reminder_log_is_unique_per_item_and_day(unit):
    from django.db import IntegrityError

    ReminderLog.objects.create(organisation=unit, item="report:2026-3", sent_on=datetime.date(2026, 10, 3))
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(organisation=unit, item="report:2026-3", sent_on=datetime.date(2026, 10, 3))


def test_bad_date_is_explained(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        run("03.10.2026")
