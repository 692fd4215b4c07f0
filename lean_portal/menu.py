"""The main menu: one declared list of URL names (the core imports no app), filtered by role.

A URL name that does not resolve is an error (``NoReverseMatch`` on the first page), never a
silently missing entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.dispatch import receiver
from django.test.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse

ECONOMY = "economy"
# The regional project office (orgs.User.Role.REGION): compares the municipalities and onboards them.
REGION = "region"


@dataclass(frozen=True)
class Item:
    title: str
    url_name: str
    # Roles that see the entry; empty means every logged-in user.
    roles: tuple[str, ...] = ()
    # Roles that do not see it (the entry sits elsewhere in their menu).
    except_roles: tuple[str, ...] = ()
    # Administrators see every entry, except one repeated for a role elsewhere (False).
    admins: bool = True


@dataclass(frozen=True)
class Group:
    title: str
    items: tuple[Item, ...] = field(default_factory=tuple)


MENU: tuple[Item | Group, ...] = (
    # The regional office's own pages (region/); the bank of practices joins them once installed.
    Group(
        "Регион",
        (
            Item("Сравнение муниципальных образований", "region:comparison", (REGION,)),
            Item("Муниципальные образования", "region:municipality-list", (REGION,)),
            # For the regional office «Организации» moves in here: one more top-level entry would break
            # the menu's one row at 1200 px.
            Item("Организации", "orgs:list", (REGION,), admins=False),
        ),
    ),
    Item("Проекты", "projects:registry"),
    Group(
        "Оценка значимости",
        (
            Item("Оценённые проекты", "scoring:ranking"),
            Item("Банк практик региона", "practices:list"),
            Item("Методика оценки", "scoring:rubric-list", (ECONOMY, REGION)),
        ),
    ),
    Group(
        "Отчётность",
        (
            Item("Квартальные отчёты", "reporting:list"),
            Item("Сводка по организациям", "reporting:status", (ECONOMY, REGION)),
            Item("Самооценка эффективности", "reporting:selfassessment-list"),
            Item("Сроки", "reporting:deadlines"),
            Item("Правила сроков", "reporting:deadline-rules", (ECONOMY,)),
            # The effects ledger (effects/): one more top-level entry would break the menu's one row.
            Item("Эффекты проектов по округу", "effects:district"),
            Item("Проверка фактических эффектов", "effects:verification", (ECONOMY,)),
            Item("Ставки пересчёта эффектов", "effects:rates", (ECONOMY,)),
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
            # The office loads every register; an organisation its own suggestions and training; the
            # regional office writes no municipality's records.
            Item("Загрузка из Excel", "imports:index", ("staff", "director", ECONOMY)),
        ),
    ),
    Group(
        "План мероприятий",
        (
            Item("Мониторинг плана", "plan:dashboard"),
            Item("Планы и целевые значения", "plan:plan-list", (ECONOMY,)),
        ),
    ),
    Item("Организации", "orgs:list", except_roles=(REGION,)),
)


def _visible(item: Item, role: str, is_admin: bool) -> bool:
    if is_admin:
        return item.admins
    if role in item.except_roles:
        return False
    return not item.roles or role in item.roles


@lru_cache(maxsize=64)
def _menu_for(role: str, is_admin: bool, urlconf, script_prefix: str) -> tuple[MappingProxyType, ...]:
    """The menu of one role. It depends only on the role and the URL configuration, so it is
    built once per process and role, not on every render (the context processor runs for
    every ``render_to_string`` with a request, several times on some pages)."""
    entries: list[MappingProxyType] = []
    for entry in MENU:
        if isinstance(entry, Group):
            children = tuple(
                MappingProxyType({"title": item.title, "url": reverse(item.url_name)})
                for item in entry.items
                if _visible(item, role, is_admin)
            )
            if children:
                entries.append(MappingProxyType({"title": entry.title, "children": children}))
        elif _visible(entry, role, is_admin):
            entries.append(MappingProxyType({"title": entry.title, "url": reverse(entry.url_name)}))
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
    # static/js/session.js warns a few minutes before the idle session ends.
    return {"main_menu": build_menu(user), "session_idle_seconds": settings.SESSION_IDLE_AGE}
