"""Home-page panel for the economic development office: plan indicators not yet at their target this year."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode

from lean_portal.panels import Panel, PanelItem
from plan.models import Plan
from plan.monitoring import build_monitoring, current_year


def panels(request) -> list[Panel]:
    user = request.user
    # A municipality's office watches its own plan; the regional office compares the municipalities on its
    # own page and gets no municipality's panel.
    if not user.is_economy or user.municipality_id is None:
        return []
    year = current_year()
    plan = (
        Plan.objects.filter(municipality_id=user.municipality_id, first_year__lte=year, last_year__gte=year)
        .order_by("-first_year")
        .first()
    )
    dashboard = reverse("plan:dashboard")
    if plan is None:
        return [
            Panel(
                title="Мониторинг плана",
                empty_text=f"План мероприятий на {year} год не задан — добавьте план на новый период.",
                more_url=reverse("plan:plan-create"),
                more_text="Добавить план",
                weight=5,
            )
        ]
    result = build_monitoring(plan, year, lagging_limit=0)
    url = f"{dashboard}?{urlencode({'plan': plan.pk, 'year': year})}"
    items = [
        PanelItem(
            text=f"{row.indicator.code}. {row.definition.title}",
            url=url + f"#ind-{row.indicator.pk}",
            badge=row.status.text,
            badge_style="danger",
        )
        for row in result.rows
        if row.status.code in ("not_met", "preliminary")
    ]
    return [
        Panel(
            title=f"Показатели плана, цель которых в {year} году пока не достигнута (предварительно)",
            items=items,
            empty_text="Цели всех показателей плана на текущий год уже достигнуты или не заданы.",
            more_url=url,
            more_text="Мониторинг плана",
            weight=5,
        )
    ]
