"""The weekly digest: each organisation's overdue and coming deadlines, once per ISO week."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from notifications.models import DigestLog, Notification, Preference
from notifications.services import send_weekly_digest

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 23)  # ISO week 48; Q3's report was due 1 October
THURSDAY = datetime.date(2026, 11, 26)  # the same week
NEXT_MONDAY = datetime.date(2026, 11, 30)  # week 49


@pytest.fixture
def district(unit, school, department_user, colleague_user, school_user, economy_user, with_emails):
    unit.email = "uo@example.ru"
    unit.save(update_fields=["email"])


def digests(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, event=Notification.Event.DIGEST))


def test_digest_lists_what_is_overdue_and_due_soon(district, unit, department_user, mailoutbox):
    outcome = send_weekly_digest(MONDAY)
    [note] = digests(department_user)
    assert note.subject == "Сроки на неделю 48 (2026): Управление образования"
    assert note.url == "/reports/deadlines/"
    assert "Сводка сроков по реализации бережливого управления: Управление образования." in note.text
    assert "Срок истёк:" in note.text
    assert (
        "— Квартальный отчёт о реализации бережливых проектов за III квартал 2026 г.: срок 01.10.2026 "
        "(просрочено на 53 дня)." in note.text
    )
    assert "Срок в ближайшие 14 дней:" in note.text
    # The self-assessment's signed scan is recommended (6.3), not due: no «срок», never overdue.
    assert "(рекомендуется): рекомендуется до 01.12.2026." in note.text
    assert "срок 01.12.2026" not in note.text
    assert "IV квартал 2026" not in note.text  # due 1 January: beyond the fortnight
    assert "https://lean.example.ru/reports/" in note.text
    mails = {m.to[0]: m for m in mailoutbox}
    assert {"department@example.ru", "colleague.card@example.ru", "uo@example.ru", "school@example.ru"} <= set(mails)
    assert mails["uo@example.ru"].subject == "Бережливый портал: Сроки на неделю 48 (2026): Управление образования"
    assert "economy@example.ru" not in mails  # the office files no reports
    assert "outsider@example.ru" in mails  # every organisation gets its own digest
    assert "Управление образования" not in mails["outsider@example.ru"].body
    assert outcome.organisations == DigestLog.objects.count() == 3


def test_second_run_in_the_same_week_sends_nothing(district, department_user, mailoutbox):
    send_weekly_digest(MONDAY)
    sent, notes = len(mailoutbox), Notification.objects.count()
    outcome = send_weekly_digest(THURSDAY)
    assert len(mailoutbox) == sent and Notification.objects.count() == notes
    assert outcome.organisations == 0 and outcome.skipped == 3
    send_weekly_digest(NEXT_MONDAY)
    assert len(digests(department_user)) == 2
    assert len(mailoutbox) == 2 * sent


def test_portal_only_gets_the_digest_in_the_portal(district, department_user, mailoutbox):
    Preference.objects.create(user=department_user, channel=Preference.Channel.PORTAL_ONLY)
    send_weekly_digest(MONDAY)
    assert len(digests(department_user)) == 1
    assert all(m.to != ["department@example.ru"] for m in mailoutbox)


def test_nothing_due_nothing_sent(district, unit, department_user, mailoutbox, monkeypatch):
    monkeypatch.setattr("notifications.services.outstanding", lambda *args, **kwargs: [])
    outcome = send_weekly_digest(MONDAY)
    assert outcome.organisations == 0 and mailoutbox == [] and DigestLog.objects.count() == 0


def test_command_reports_and_is_idempotent(district, mailoutbox):
    out = StringIO()
    call_command("send_weekly_digest", "--date", "2026-11-23", stdout=out)
    assert out.getvalue().startswith("Неделя 48 (2026): сводок организациям — 3,")
    out = StringIO()
    call_command("send_weekly_digest", "--date", "2026-11-27", stdout=out)
    assert "сводок организациям — 0" in out.getvalue() and "уже отправлены на этой неделе — 3" in out.getvalue()


def test_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("send_weekly_digest", "--date", "23.11.2026")
