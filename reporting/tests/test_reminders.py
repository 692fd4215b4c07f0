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
    assert "Самооценка эффективности за 2026 г.: провести: срок 20.11.2026 (через 5 дней)." in body


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
