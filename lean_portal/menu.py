"""The main menu: one declared list, filtered by role and by what is installed.

An entry whose URL name does not resolve is left out, so a section appears in the
menu as soon as its app provides the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.dispatch import receiver
from django.test.signals import setting_changed
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

ECONOMY = "economy"
ADMIN = "admin"


@dataclass(frozen=True)
class Item:
    title: str
    url_name: str
    # Roles that see the entry; empty means every logged-in user.
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple[Item, ...] = field(default_factory=tuple)


MENU: tuple[Item | Group, ...] = (
    Item("Проекты", "projects:registry"),
    Group(
        "Оценка значимости",
        (
            Item("Оценённые проекты", "scoring:ranking"),
            Item("Библиотека лучших практик", "scoring:library"),
            Item("Методика оценки", "scoring:rubric-list", (ECONOMY,)),
        ),
    ),
    Group(
        "Отчётность",
        (
            Item("Квартальные отчёты", "reporting:list"),
            Item("Сводка по организациям", "reporting:status", (ECONOMY,)),
            Item("Самооценка эффективности", "reporting:selfassessment-list"),
            Item("Сроки", "reporting:deadlines"),
            Item("Правила сроков", "reporting:deadline-rules", (ECONOMY,)),
        ),
    ),
    Group(
        "Реестры",
        (
            Item("Предложения по улучшению", "registries:suggestion-list"),
            Item("Обучение", "registries:training-list"),
            Item("Образцы и партнёрские проверки", "registries:modelsite-list"),
            Item("Опросы удовлетворённости", "registries:survey-list"),
            Item("Конкурсы лучших практик", "registries:contest-list"),
            Item("Самодиагностика культуры", "registries:diagnostics-list"),
            Item("Поощрение активных сотрудников", "registries:recognition"),
        ),
    ),
    Group(
        "План мероприятий",
        (
            Item("Мониторинг плана", "plan:dashboard"),
            Item("Планы и целевые значения", "plan:plan-list", (ECONOMY,)),
        ),
    ),
    Group(
        "Эффекты",
        (
            Item("Эффекты по округу", "effects:district"),
            Item("Проверка фактических эффектов", "effects:verification", (ECONOMY,)),
            Item("Ставки пересчёта", "effects:rates", (ECONOMY,)),
        ),
    ),
    Item("Организации", "orgs:list"),
    Item("Администрирование", "admin:index", (ADMIN,)),
)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _visible(item: Item, role: str, is_admin: bool) -> bool:
    if not item.roles:
        return True
    if is_admin:
        return True
    return role in item.roles


@lru_cache(maxsize=64)
def _menu_for(role: str, is_admin: bool, urlconf, script_prefix: str) -> tuple[MappingProxyType, ...]:
    """The menu of one role. It depends only on the role and the URL configuration, so it is
    built once per process and role, not on every render (the context processor runs for
    every ``render_to_string`` with a request, several times on some pages)."""
    entries: list[MappingProxyType] = []
    for entry in MENU:
        if isinstance(entry, Group):
            children = tuple(
                MappingProxyType({"title": item.title, "url": url})
                for item in entry.items
                if _visible(item, role, is_admin) and (url := _url(item.url_name))
            )
            if children:
                entries.append(MappingProxyType({"title": entry.title, "children": children}))
        elif _visible(entry, role, is_admin) and (url := _url(entry.url_name)):
            entries.append(MappingProxyType({"title": entry.title, "url": url}))
    return tuple(entries)


def build_menu(user) -> tuple[MappingProxyType, ...]:
    """The user's menu: read-only entries shared by every user of the same role."""
    return _menu_for(user.role, user.is_portal_admin, get_urlconf(), get_script_prefix())


@receiver(setting_changed)
def _forget_menus(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _menu_for.cache_clear()


def menu(request) -> dict:
    """Context processor: the main menu for the logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": []}
    from django.conf import settings

    # static/js/session.js warns a few minutes before the idle session ends.
    return {"main_menu": build_menu(user), "session_idle_seconds": settings.SESSION_IDLE_AGE}
