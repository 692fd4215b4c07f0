"""Telling people about decisions on what they filed, and the weekly digest of deadlines.

The domain apps call ``notify_decision(obj, actor=..., comment=...)`` once, right after a
decision is recorded (inside its transaction): a notification row is written for each
person concerned, and after the commit an e-mail goes to those who chose «E-mail и портал».
An object in a state that is not a decision (a draft, a submission) notifies nobody.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from notifications.models import DigestLog, Notification, Preference
from orgs.models import Organisation, User
from projects.models import ChangeRequest, Project
from registries.models import Suggestion
from reporting.deadlines import Deadline, Rules, outstanding
from reporting.models import QuarterlyReport
from scoring.models import Assessment

logger = logging.getLogger(__name__)

Event = Notification.Event


@dataclass(frozen=True)
class Message:
    """What one decision says and to whom: the same text for every recipient."""

    event: str
    subject: str
    text: str
    url: str
    user_ids: frozenset[int]
    employee_ids: frozenset[int] = frozenset()


# --- Who decided ------------------------------------------------------------------------------


def _who(actor) -> str:
    if actor is None:
        return ""
    name = actor.display_name
    organisation = actor.organisation
    return f"{name} ({organisation.short_name})" if organisation else name


# --- One builder per kind of object --------------------------------------------------------


def _passport(project, actor) -> Message | None:
    State = Project.State
    what = {
        State.RETURNED: (Event.PASSPORT_RETURNED, "возвращён на доработку"),
        State.ACCEPTED: (Event.PASSPORT_ACCEPTED, "принят управлением экономического развития"),
        State.APPROVED: (Event.PASSPORT_APPROVED, "утверждён руководителем"),
    }.get(project.state)
    if what is None:
        return None
    event, verb = what
    filed_by = set(project.transitions.filter(to_state=State.SUBMITTED).values_list("user_id", flat=True))
    user_ids = {project.created_by_id, *filed_by}
    employee_ids = {project.lead_id}
    text = f"Паспорт бережливого проекта «{project.title}» ({project.organisation.short_name}) {verb}."
    if project.state == State.ACCEPTED:
        # The customer's head approves next: he is told the passport waits for him.
        employee_ids.add(project.approving_organisation.head_id)
        text += " Паспорт ожидает утверждения руководителем организации-заказчика."
    elif project.state == State.RETURNED:
        text += " Исправьте паспорт по замечаниям и направьте его на рассмотрение повторно."
    return Message(
        event=event,
        subject=f"Паспорт проекта «{project.title}» {verb}",
        text=text,
        url=project.get_absolute_url(),
        user_ids=frozenset(user_ids),
        employee_ids=frozenset(employee_ids),
    )


def _report(report, actor) -> Message | None:
    State = QuarterlyReport.State
    what = {
        State.RETURNED: (Event.REPORT_RETURNED, "возвращён на доработку"),
        State.ACCEPTED: (Event.REPORT_ACCEPTED, "принят управлением экономического развития"),
    }.get(report.state)
    if what is None:
        return None
    event, verb = what
    filed_by = set(report.transitions.filter(to_state=State.SUBMITTED).values_list("user_id", flat=True))
    label = report.period.label
    text = f"Квартальный отчёт о реализации бережливых проектов за {label} ({report.organisation.short_name}) {verb}."
    if report.state == State.RETURNED:
        text += " Исправьте отчёт по замечаниям и направьте его повторно."
    return Message(
        event=event,
        subject=f"Квартальный отчёт за {label} {verb}",
        text=text,
        url=report.get_absolute_url(),
        user_ids=frozenset({report.created_by_id, report.submitted_by_id, *filed_by}),
    )


def _assessment(assessment, actor) -> Message | None:
    if assessment.kind != Assessment.Kind.SELF:
        return None
    project = assessment.project
    if assessment.state == Assessment.State.AGREED:
        event, verb = Event.ASSESSMENT_AGREED, "согласована управлением экономического развития"
    elif assessment.state == Assessment.State.REPLACED and actor is not None:
        # Replaced by a decision (the office's own assessment), not by the organisation's newer one.
        event, verb = Event.ASSESSMENT_REPLACED, "не согласована: её заменила оценка управления экономического развития"
    else:
        return None
    total = f"{assessment.total:.1f}".replace(".", ",")
    text = f"Самостоятельная оценка значимости проекта «{project.title}» {verb}. Итоговый балл вашей оценки: {total}."
    return Message(
        event=event,
        subject=f"Оценка значимости проекта «{project.title}» {verb.split(':')[0]}",
        text=text,
        url=assessment.get_absolute_url(),
        user_ids=frozenset({assessment.assessor_id}),
    )


def _change_request(change_request, actor) -> Message | None:
    State = ChangeRequest.State
    project = change_request.project
    what = {
        State.AGREED: (Event.CHANGE_AGREED, "согласован управлением экономического развития"),
        State.APPROVED: (Event.CHANGE_APPROVED, "утверждён, изменения внесены в паспорт"),
        State.REJECTED: (Event.CHANGE_REJECTED, "отклонён"),
    }.get(change_request.state)
    if what is None:
        return None
    event, verb = what
    text = f"Запрос на изменение паспорта проекта «{project.title}» («{change_request.summary}») {verb}."
    employee_ids = {project.lead_id}
    if change_request.state == State.AGREED:
        employee_ids.add(project.approving_organisation.head_id)
        text += " Запрос ожидает утверждения руководителем организации-заказчика."
    return Message(
        event=event,
        subject=f"Запрос на изменение проекта «{project.title}» {verb.split(',')[0]}",
        text=text,
        url=project.get_absolute_url(),
        user_ids=frozenset({change_request.created_by_id}),
        employee_ids=frozenset(employee_ids),
    )


def _suggestion(suggestion, actor) -> Message | None:
    State = Suggestion.State
    what = {
        State.ACCEPTED: (Event.SUGGESTION_ACCEPTED, "принято к внедрению"),
        State.IMPLEMENTED: (Event.SUGGESTION_IMPLEMENTED, "внедрено"),
        State.REJECTED: (Event.SUGGESTION_REJECTED, "отклонено"),
    }.get(suggestion.state)
    if what is None:
        return None
    event, verb = what
    title = str(suggestion)
    return Message(
        event=event,
        subject=f"Предложение по улучшению «{title}» {verb}",
        text=f"Предложение по улучшению «{title}» ({suggestion.organisation.short_name}) {verb}.",
        url=suggestion.get_absolute_url(),
        user_ids=frozenset({suggestion.created_by_id}),
        employee_ids=frozenset(suggestion.authors.values_list("pk", flat=True)),
    )


BUILDERS: dict[str, Callable] = {
    "projects.Project": _passport,
    "reporting.QuarterlyReport": _report,
    "scoring.Assessment": _assessment,
    "projects.ChangeRequest": _change_request,
    "registries.Suggestion": _suggestion,
}


# --- Writing and sending -------------------------------------------------------------------


def _recipients(message: Message, actor) -> list[User]:
    """Active accounts named by the message, the decision's author left out."""
    wanted = Q(pk__in=[pk for pk in message.user_ids if pk])
    employees = [pk for pk in message.employee_ids if pk]
    if employees:
        wanted |= Q(employee_id__in=employees)
    users = User.objects.filter(wanted, is_active=True).select_related("employee", "notification_preference")
    if actor is not None and actor.pk:
        users = users.exclude(pk=actor.pk)
    return list(users.order_by("pk"))


def notify_decision(obj, *, actor, comment: str = "") -> list[Notification]:
    """Notify the people who filed ``obj`` of the decision just recorded on it (its current state)."""
    builder = BUILDERS.get(obj._meta.label)
    if builder is None:
        raise TypeError(f"notify_decision: no notifications for {obj._meta.label}")
    message = builder(obj, actor)
    if message is None:
        return []
    comment = (comment or "").strip()
    decided_by = _who(actor)
    text = message.text + (f"\nРешение принял(а): {decided_by}." if decided_by else "")
    created = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event=message.event,
            subject=message.subject,
            text=text,
            comment=comment,
            url=message.url,
            actor=actor if actor is not None and actor.pk else None,
        )
        for user in _recipients(message, actor)
    )
    if created:
        transaction.on_commit(partial(send_emails, [n.pk for n in created]), robust=True)
    return created


def email_address(user) -> str:
    return (user.email or (user.employee.email if user.employee_id else "")).strip()


def wants_email(user) -> bool:
    try:
        return user.notification_preference.channel == Preference.Channel.EMAIL_AND_PORTAL
    except Preference.DoesNotExist:
        return True


def absolute(url: str) -> str:
    """A link for an e-mail: the portal's public address (``PORTAL_BASE_URL``) and the path."""
    return settings.PORTAL_BASE_URL.rstrip("/") + url


def email_body(notification: Notification) -> str:
    lines = ["Здравствуйте!", "", notification.text]
    if notification.comment:
        lines += ["", "Комментарий:", notification.comment]
    if notification.url:
        lines += ["", f"Открыть на портале: {absolute(notification.url)}"]
    lines += [
        "",
        "Письмо отправлено автоматически, отвечать на него не нужно. "
        f"Получать уведомления только на портале: {absolute(reverse('notifications:preferences'))}",
    ]
    return "\n".join(lines)


def send_emails(notification_ids: Iterable[int]) -> int:
    """E-mail the notifications to those who want e-mail and have an address; return how many."""
    sent = 0
    notifications = Notification.objects.filter(pk__in=list(notification_ids), emailed_to="").select_related(
        "recipient__employee", "recipient__notification_preference"
    )
    for notification in notifications:
        user = notification.recipient
        address = email_address(user)
        if not address or not wants_email(user):
            continue
        try:
            EmailMessage(
                subject=f"Бережливый портал: {notification.subject}", body=email_body(notification), to=[address]
            ).send()
        except OSError:
            logger.exception("Уведомление %s не отправлено на %s", notification.pk, address)
            continue
        Notification.objects.filter(pk=notification.pk).update(emailed_to=address)
        sent += 1
    return sent


# --- Reading ---------------------------------------------------------------------------------


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when ``ids`` is None)."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def preference_for(user) -> Preference:
    try:
        return user.notification_preference
    except Preference.DoesNotExist:
        return Preference(user=user)


# --- The weekly digest --------------------------------------------------------------------------

# Deadlines due within this many days are listed besides the overdue ones.
DIGEST_HORIZON_DAYS = 14


@dataclass
class DigestOutcome:
    organisations: int = 0
    notifications: int = 0
    emails: int = 0
    skipped: int = 0  # already sent this week


def _digest_text(organisation: Organisation, items, day: datetime.date) -> tuple[str, str]:
    overdue: list[Deadline] = [d for d in items if d.is_overdue(day)]
    upcoming: list[Deadline] = [d for d in items if not d.is_overdue(day)]
    year, week, _ = day.isocalendar()
    subject = f"Сроки на неделю {week} ({year}): {organisation.short_name}"
    parts = [f"Сводка сроков по реализации бережливого управления: {organisation.short_name}."]
    if overdue:
        parts.append(f"Просрочено: {len(overdue)}.")
    if upcoming:
        parts.append(f"Срок в ближайшие {DIGEST_HORIZON_DAYS} дней: {len(upcoming)}.")
    lines = [" ".join(parts)]
    for heading, group in (("Срок истёк:", overdue), (f"Срок в ближайшие {DIGEST_HORIZON_DAYS} дней:", upcoming)):
        if not group:
            continue
        lines += ["", heading]
        for d in group:
            if d.recommended:  # a recommendation (6.3), not a deadline: no «срок»
                lines.append(f"— {d.title}: {d.when(day)}.")
            else:
                lines.append(f"— {d.title}: срок {d.due:%d.%m.%Y} ({d.when(day)}).")
            if d.url:
                lines.append(f"  {absolute(d.url)}")
    return subject, "\n".join(lines)


def _digest_users(organisations: list[Organisation]) -> dict[int, list[User]]:
    users: dict[int, list[User]] = {}
    for user in (
        User.objects.filter(is_active=True, employee__organisation__in=organisations, employee__is_active=True)
        .select_related("employee", "notification_preference")
        .order_by("pk")
    ):
        users.setdefault(user.employee.organisation_id, []).append(user)
    return users


def send_weekly_digest(day: datetime.date) -> DigestOutcome:
    """Each organisation's overdue and coming deadlines, once per ISO week of ``day``.

    Each organisation's deadlines follow its municipality's rules (``Rules.get`` with the organisation).
    Its active users get the digest in the portal and, unless they chose «Только портал»,
    by e-mail; the organisation's own address gets the e-mail too. ``DigestLog`` is claimed
    before sending, so a second run in the same week (or a parallel one) sends nothing.
    """
    year, week, _ = day.isocalendar()
    rules = Rules.load()
    # Every municipality's organisations, each under its own municipality's deadline rules. The offices
    # report to nobody, and neither do the regional level's bodies (no municipality): the regional office
    # gets no municipality's digest.
    organisations = list(
        Organisation.objects.active()
        .filter(is_economy_office=False, municipality__isnull=False)
        .select_related("head")
        .order_by("short_name")
    )
    horizon = day + datetime.timedelta(days=DIGEST_HORIZON_DAYS)
    by_org: dict[int, list] = {}
    for deadline in outstanding(organisations, day, rules):
        if deadline.due <= horizon:
            by_org.setdefault(deadline.organisation.pk, []).append(deadline)
    done = set(DigestLog.objects.filter(iso_year=year, iso_week=week).values_list("organisation_id", flat=True))
    users_by_org = _digest_users(organisations)
    outcome = DigestOutcome()
    for organisation in organisations:
        items = by_org.get(organisation.pk)
        if not items:
            continue
        if organisation.pk in done:
            outcome.skipped += 1
            continue
        users = users_by_org.get(organisation.pk, [])
        if not users and not organisation.email:
            continue
        subject, text = _digest_text(organisation, items, day)
        addresses = [email_address(u) for u in users if wants_email(u) and email_address(u)]
        if organisation.email:
            addresses.append(organisation.email)
        addresses = list(dict.fromkeys(a for a in addresses if a))
        if not _claim_digest(organisation, year, week, len(items), addresses):
            outcome.skipped += 1
            continue
        url = reverse("reporting:deadlines")
        Notification.objects.bulk_create(
            Notification(recipient=u, event=Event.DIGEST, subject=subject, text=text, url=url) for u in users
        )
        outcome.organisations += 1
        outcome.notifications += len(users)
        body = "\n".join(["Здравствуйте!", "", text, "", "Письмо отправлено автоматически, отвечать на него не нужно."])
        for address in addresses:
            EmailMessage(subject=f"Бережливый портал: {subject}", body=body, to=[address]).send()
            outcome.emails += 1
    return outcome


def _claim_digest(organisation: Organisation, year: int, week: int, items: int, addresses: list[str]) -> bool:
    try:
        with transaction.atomic():
            DigestLog.objects.create(
                organisation=organisation, iso_year=year, iso_week=week, items=items, recipients=", ".join(addresses)
            )
    except IntegrityError:
        return False
    return True
