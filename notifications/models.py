"""Notifications of decisions, each person's choice of channel, and the weekly digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """Only the user's own notifications: nobody reads another person's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: a decision on something they filed, or the weekly digest."""

    class Event(models.TextChoices):
        PASSPORT_RETURNED = "passport_returned", "Паспорт возвращён на доработку"
        PASSPORT_ACCEPTED = "passport_accepted", "Паспорт принят"
        PASSPORT_APPROVED = "passport_approved", "Паспорт утверждён"
        REPORT_RETURNED = "report_returned", "Отчёт возвращён на доработку"
        REPORT_ACCEPTED = "report_accepted", "Отчёт принят"
        ASSESSMENT_AGREED = "assessment_agreed", "Оценка значимости согласована"
        ASSESSMENT_REPLACED = "assessment_replaced", "Оценка значимости не согласована"
        CHANGE_AGREED = "change_agreed", "Запрос на изменение согласован"
        CHANGE_APPROVED = "change_approved", "Запрос на изменение утверждён"
        CHANGE_REJECTED = "change_rejected", "Запрос на изменение отклонён"
        SUGGESTION_ACCEPTED = "suggestion_accepted", "Предложение принято к внедрению"
        SUGGESTION_IMPLEMENTED = "suggestion_implemented", "Предложение внедрено"
        SUGGESTION_REJECTED = "suggestion_rejected", "Предложение отклонено"
        DIGEST = "digest", "Сроки на неделю"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="получатель", on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField("событие", max_length=30, choices=Event.choices)
    subject = models.CharField("тема", max_length=500)
    text = models.TextField("текст", blank=True)
    comment = models.TextField("комментарий", blank=True)
    url = models.CharField("адрес на портале", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто принял решение",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    emailed_to = models.CharField("отправлено на адрес", max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        indexes = [
            # The menu's unread count and the list's first page, per person.
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient_recent"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """How a person wants to be told: by e-mail and in the portal, or in the portal only."""

    class Channel(models.TextChoices):
        EMAIL_AND_PORTAL = "email", "E-mail и портал"
        PORTAL_ONLY = "portal", "Только портал"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="пользователь",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    channel = models.CharField("как сообщать", max_length=10, choices=Channel.choices, default=Channel.EMAIL_AND_PORTAL)

    class Meta:
        verbose_name = "настройка уведомлений"
        verbose_name_plural = "настройки уведомлений"

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channel_display()}"


class DigestLog(models.Model):
    """A weekly digest sent to an organisation: at most one per ISO week (the unique key)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    iso_year = models.PositiveSmallIntegerField("год (ISO)")
    iso_week = models.PositiveSmallIntegerField("неделя (ISO)")
    items = models.PositiveIntegerField("сроков в сводке", default=0)
    recipients = models.TextField("кому", blank=True)
    sent_at = models.DateTimeField("отправлено", auto_now_add=True)

    class Meta:
        ordering = ["-iso_year", "-iso_week", "organisation"]
        verbose_name = "еженедельная сводка"
        verbose_name_plural = "еженедельные сводки"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "iso_year", "iso_week"], name="one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.iso_year}-W{self.iso_week:02d}"
