"""Home-page panels: the office's queue of self-assessments, an organisation's own in progress."""

from __future__ import annotations

from django.urls import reverse

from lean_portal.formats import number
from lean_portal.panels import Panel, PanelItem
from scoring.models import Assessment
from scoring.templatetags.scoring import points_word

LIMIT = 8


def panels(request) -> list[Panel]:
    user = request.user
    result = []
    if user.is_economy:
        waiting = (
            Assessment.objects.awaiting_agreement()
            .visible_to(user)  # the office's own municipality's
            .select_related("project__organisation")
            .order_by("submitted_at", "pk")
        )
        count = waiting.count()
        result.append(
            Panel(
                title=f"Самостоятельные оценки на согласовании ({count})"
                if count
                else "Самостоятельные оценки на согласовании",
                items=[
                    PanelItem(
                        text=f"{a.project.title} — {a.project.organisation.short_name}",
                        url=reverse("scoring:detail", args=[a.pk]),
                        badge=f"{number(a.total, 1)} {points_word(a.total)}",
                        badge_style="warning",
                    )
                    for a in waiting[:LIMIT]
                ],
                empty_text="Оценок, ожидающих согласования, нет.",
                more_url=reverse("scoring:pending") if count > LIMIT else "",
                more_text="Все оценки на согласовании",
                weight=40,
            )
        )
    elif user.organisation_id is not None:
        own = (
            Assessment.objects.filter(
                project__organisation_id=user.organisation_id,
                kind=Assessment.Kind.SELF,
                state__in=[Assessment.State.DRAFT, Assessment.State.SUBMITTED],
            )
            .select_related("project")
            .order_by("-updated_at")[:LIMIT]
        )
        items = [
            PanelItem(
                text=a.project.title,
                url=reverse(
                    "scoring:assess" if a.state == Assessment.State.DRAFT else "scoring:detail",
                    args=[a.project_id if a.state == Assessment.State.DRAFT else a.pk],
                ),
                badge="черновик оценки" if a.state == Assessment.State.DRAFT else "оценка на согласовании",
                badge_style="secondary" if a.state == Assessment.State.DRAFT else "warning",
            )
            for a in own
        ]
        if items:
            result.append(Panel(title="Оценка значимости ваших проектов", items=items, weight=10))
    return result
