"""Home-page panels of the regional project office: the comparison's headline and its sections."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lean_portal.formats import number
from lean_portal.panels import Panel, PanelItem
from region import selectors


def _url(name: str, fallback: str = "") -> str:
    """A section built by another app may not be installed yet (the bank of practices): its path then."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def panels(request) -> list[Panel]:
    user = request.user
    if not user.is_region:
        return []
    year = timezone.localdate().year
    data = selectors.comparison(year)
    comparison = reverse("region:comparison")
    headline = [
        PanelItem(text=f"Муниципальных образований: {len(data.rows)}", url=reverse("region:municipality-list")),
        PanelItem(
            text=f"С планом мероприятий на {year} год: {data.with_plan}; "
            f"все показатели достигли цели (предварительно): {data.plan_fulfilled}",
            url=comparison,
        ),
        PanelItem(text=f"Реализовано проектов: {data.implemented}", url=comparison),
        PanelItem(
            text=f"Подтверждённые эффекты {year} года: {number(data.effects_money, 0)} руб. в год", url=comparison
        ),
    ]
    sections = [
        PanelItem(text="Сравнение муниципальных образований", url=comparison),
        PanelItem(text="Муниципальные образования: подключение и управления", url=reverse("region:municipality-list")),
        PanelItem(text="Банк практик региона", url=_url("practices:list", "/practices/")),
        PanelItem(text="Региональные конкурсы лучших практик", url=reverse("registries:contest-list")),
        PanelItem(text="Региональная методика оценки значимости", url=reverse("scoring:rubric-list")),
    ]
    return [
        Panel(
            title=f"Регион в {year} году",
            items=headline,
            more_url=comparison,
            more_text="Сравнение муниципальных образований",
            weight=20,
        ),
        Panel(title="Региональный проектный офис", items=sections, weight=19),
    ]
