"""Home-page panels of the registries: suggestions awaiting a decision, surveys taking answers."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from lean_portal.panels import Panel, PanelItem
from orgs.access import writes_municipal_records
from registries.models import Suggestion, Survey


def panels(request) -> list[Panel]:
    user = request.user
    organisation_id = user.organisation_id
    if not writes_municipal_records(user):  # the regional office enters no municipality's registers
        return []
    result = []
    waiting = Suggestion.objects.filter(
        organisation_id=organisation_id, state__in=[Suggestion.State.SUBMITTED, Suggestion.State.ACCEPTED]
    ).order_by("submitted_on", "id")
    items = [
        PanelItem(
            text=str(s),
            url=s.get_absolute_url(),
            badge=s.get_state_display(),
            badge_style="warning" if s.state == Suggestion.State.SUBMITTED else "info",
        )
        for s in waiting[:5]
    ]
    list_url = reverse("registries:suggestion-list")
    result.append(
        Panel(
            title="Предложения по улучшению ждут решения",
            items=items,
            empty_text="Все поданные предложения рассмотрены. Подать новое — минута.",
            more_url=f"{list_url}?organisation={organisation_id}",
            more_text="Все предложения организации",
            weight=20,
        )
    )
    today = timezone.localdate()
    running = (
        Survey.objects.filter(organisation_id=organisation_id, method=Survey.Method.PORTAL, is_open=True)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .annotate(n=Count("responses"))
        .order_by("-held_on")[:5]
    )
    survey_items = [
        PanelItem(text=s.title, url=s.get_absolute_url(), badge=f"ответов: {s.n}", badge_style="success")
        for s in running
    ]
    if survey_items:
        result.append(
            Panel(
                title="Идут опросы удовлетворённости",
                items=survey_items,
                more_url=reverse("registries:survey-list"),
                more_text="Все опросы",
                weight=5,
            )
        )
    return result
