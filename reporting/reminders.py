"""Reminder e-mails: a few days before a deadline and every day once it is overdue.

One e-mail per organisation per day, listing its items; an item goes out at most
once a day (``ReminderLog``'s unique key), so running the command twice sends nothing new.
A recommended date (the self-assessment, 6.3) is reminded once, a few days before it,
and never chased: no «Срок истёк» for it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from orgs.models import Organisation, User
from reporting.deadlines import Deadline, Rules, outstanding
from reporting.models import ReminderLog


@dataclass
class Outcome:
    emails: int = 0
    items: int = 0
    without_address: int = 0


def due_for_reminder(deadline: Deadline, day: datetime.date, rules: Rules) -> bool:
    if deadline.is_overdue(day):
        return True
    left = deadline.days_left(day)
    if deadline.recommended and left < 0:
        return False  # a recommended date that has passed is not chased
    return left <= rules.remind_days(deadline.kind, deadline.organisation)


def recipients(organisation: Organisation, users_by_org: dict[int, list[str]]) -> list[str]:
    """The organisation's users, its head and its own address; each once, in that order."""
    addresses = [*users_by_org.get(organisation.pk, [])]
    if organisation.head_id and organisation.head.email:
        addresses.append(organisation.head.email)
    if organisation.email:
        addresses.append(organisation.email)
    seen: set[str] = set()
    result = []
    for address in addresses:
        key = address.strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(address.strip())
    return result


def _user_addresses() -> dict[int, list[str]]:
    result: dict[int, list[str]] = defaultdict(list)
    users = User.objects.filter(is_active=True, employee__isnull=False, employee__is_active=True).values_list(
        "employee__organisation_id", "email", "employee__email"
    )
    for org_id, user_email, employee_email in users:
        if user_email or employee_email:
            result[org_id].append(user_email or employee_email)
    return result


def message_text(organisation: Organisation, items: list[Deadline], day: datetime.date) -> tuple[str, str]:
    overdue = [d for d in items if d.is_overdue(day)]
    upcoming = [d for d in items if not d.is_overdue(day) and not d.recommended]
    recommended = [d for d in items if d.recommended]
    what = "просроченные сроки" if overdue else ("приближающиеся сроки" if upcoming else "напоминание")
    subject = f"Бережливый портал: {what} — {organisation.short_name}"
    lines = [
        "Здравствуйте!",
        "",
        f"Напоминаем о сроках по реализации бережливого управления ({organisation.short_name}).",
    ]
    base = settings.PORTAL_BASE_URL.rstrip("/")
    groups = (("Срок истёк:", overdue), ("Приближается срок:", upcoming), ("Рекомендуется:", recommended))
    for heading, group in groups:
        if not group:
            continue
        lines += ["", heading]
        for d in group:
            if d.recommended:
                lines.append(f"— {d.title}: {d.when(day)}.")
            else:
                lines.append(f"— {d.title}: срок {d.due:%d.%m.%Y} ({d.when(day)}).")
            if d.url:
                lines.append(f"  {base}{d.url}")
    lines += [
        "",
        "Квартальный отчёт направляется в управление экономического развития территории ежеквартально "
        "до 01 числа месяца, следующего за кварталом (п. 6.2 Положения); самооценку эффективности рекомендуется "
        "провести до 20 ноября и направить за подписью руководителя до 1 декабря (п. 6.3, носит рекомендательный "
        "характер).",
        "",
        "Письмо отправлено автоматически, отвечать на него не нужно.",
    ]
    return subject, "\n".join(lines)


def send_reminders(day: datetime.date) -> Outcome:
    rules = Rules.load()
    organisations = list(
        # Every municipality's organisations, each under its own municipality's rules; the regional level's
        # bodies (no municipality) report to no office.
        Organisation.objects.active()
        .filter(is_economy_office=False, municipality__isnull=False)
        .select_related("head")
        .order_by("short_name")
    )
    by_org: dict[int, list[Deadline]] = defaultdict(list)
    for deadline in outstanding(organisations, day, rules):
        if due_for_reminder(deadline, day, rules):
            by_org[deadline.organisation.pk].append(deadline)
    already = set(ReminderLog.objects.filter(sent_on=day).values_list("organisation_id", "item"))
    # A recommendation is reminded once, whatever the day it went out.
    recommended_keys = {d.key for items in by_org.values() for d in items if d.recommended}
    if recommended_keys:
        already |= set(ReminderLog.objects.filter(item__in=recommended_keys).values_list("organisation_id", "item"))
    addresses = _user_addresses()
    outcome = Outcome()
    for organisation in organisations:
        items = [d for d in by_org.get(organisation.pk, []) if (organisation.pk, d.key) not in already]
        if not items:
            continue
        to = recipients(organisation, addresses)
        if not to:
            outcome.without_address += 1
            continue
        items = _claim(organisation, items, day, to)
        if not items:
            continue
        subject, body = message_text(organisation, items, day)
        EmailMessage(subject=subject, body=body, to=to).send()
        outcome.emails += 1
        outcome.items += len(items)
    return outcome


def _claim(organisation: Organisation, items: list[Deadline], day: datetime.date, to: list[str]) -> list[Deadline]:
    """Record the items before sending; one another run has already recorded is dropped."""
    claimed = []
    for deadline in items:
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    organisation=organisation, item=deadline.key, sent_on=day, recipients=", ".join(to)
                )
        except IntegrityError:
            continue
        claimed.append(deadline)
    return claimed
