"""Home-page panels: each app may offer «what is yours to do» to the home page.

An app adds a module ``<app>/home.py`` with a function ``panels(request)`` that
returns a list of ``Panel``. The home view collects them in ``HOME_PANEL_APPS``
order. A panel's queries must not grow with the data (slice, aggregate).

Caching. A home module may declare the models its panels are made of::

    PANELS_DEPEND_ON = ("projects.Project", "orgs.Organisation")

Its panels are then kept in the shared cache for ``PANEL_CACHE_SECONDS`` per user
(role, employee, organisation) and day, and dropped as soon as a row of one of those
models is saved or deleted (``post_save`` / ``post_delete``, in any process that shares
the cache): each model has a version token in the cache, and the panels' key contains
the tokens. Writes that bypass the signals (``QuerySet.update()``, ``bulk_create``,
raw SQL) are seen after at most ``PANEL_CACHE_SECONDS``. The cache is used only when
it is shared between processes (Redis, ``REDIS_URL``): with the per-process local-memory
cache one gunicorn worker would not see another's invalidation, so panels are then
built on every request, as a module without the declaration always is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

PANEL_CACHE_SECONDS = 60
_VERSION_PREFIX = "panels:v:"
_LOCAL_CACHES = ("django.core.cache.backends.locmem.", "django.core.cache.backends.dummy.")

HOME_PANEL_APPS = ("projects", "reporting", "scoring", "registries", "plan")


@dataclass
class PanelItem:
    text: str
    url: str = ""
    # A short label shown beside the text, e.g. a state or a due date.
    badge: str = ""
    # Bootstrap colour name of the badge: "secondary", "warning", "danger", "success".
    badge_style: str = "secondary"


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    empty_text: str = "Нет записей."
    more_url: str = ""
    more_text: str = "Все записи"
    # Higher comes first.
    weight: int = 0


def _home_modules() -> list:
    modules = []
    for app in HOME_PANEL_APPS:
        try:
            modules.append(import_module(f"{app}.home"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.home":
                raise
    return modules


def panel_cache_enabled() -> bool:
    """Panels are cached only in a cache every process shares (see the module's docstring)."""
    return not settings.CACHES["default"]["BACKEND"].startswith(_LOCAL_CACHES)


def _watched_models() -> dict[str, tuple[str, ...]]:
    return {module.__name__: tuple(getattr(module, "PANELS_DEPEND_ON", ())) for module in _home_modules()}


def _versions(labels: tuple[str, ...]) -> list[str]:
    keys = [_VERSION_PREFIX + label for label in labels]
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        if key not in found:
            # First use or evicted: a new token (never a reused one, so nothing stale matches).
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key)
        versions.append(found[key] or "-")
    return versions


def _cached_panels(module, request) -> list[Panel]:
    depends = tuple(getattr(module, "PANELS_DEPEND_ON", ()))
    user = request.user
    if not depends or not user.is_authenticated or not panel_cache_enabled():
        return module.panels(request)
    key = ":".join(
        str(part)
        for part in (
            "panels",
            module.__name__,
            user.pk,
            user.role,
            int(user.is_superuser),
            user.employee_id,
            user.organisation_id,
            timezone.localdate().isoformat(),
            *_versions(depends),
        )
    )
    panels = cache.get(key)
    if panels is None:
        panels = module.panels(request)
        cache.set(key, panels, PANEL_CACHE_SECONDS)
    return panels


def collect_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for module in _home_modules():
        panels.extend(_cached_panels(module, request))
    return sorted(panels, key=lambda p: -p.weight)


_watched: set[str] | None = None


def _is_watched(label: str) -> bool:
    global _watched
    if _watched is None:
        _watched = {label for labels in _watched_models().values() for label in labels}
    return label in _watched


@receiver(post_save, dispatch_uid="lean_portal.panels.saved")
@receiver(post_delete, dispatch_uid="lean_portal.panels.deleted")
def _drop_cached_panels(sender, **kwargs):
    """A row of a model some panels are made of changed: those panels are rebuilt."""
    if not panel_cache_enabled():
        return
    label = sender._meta.label
    if _is_watched(label):

        def bump():
            cache.set(_VERSION_PREFIX + label, uuid.uuid4().hex, timeout=None)

        bump()
        # Again once the transaction commits: a panel rebuilt in between from the data before
        # the commit must not stay under the new token.
        transaction.on_commit(bump, robust=True)


# --- Project page sections -----------------------------------------------------------
# Other apps add sections to a project's page (assessment, goal actuals, suggestions…)
# with a module ``<app>/project_page.py`` defining ``sections(request, project)`` that
# returns a list of ``ProjectSection``. Queries must not grow with the data.

PROJECT_SECTION_APPS = ("scoring", "reporting", "registries", "plan")


@dataclass
class ProjectSection:
    title: str
    # HTML made by ``render_to_string`` from a template (so every value in it is escaped
    # by the template engine); the project page inserts it as it is.
    html: str
    weight: int = 0


def collect_project_sections(request, project) -> list[ProjectSection]:
    sections: list[ProjectSection] = []
    for app in PROJECT_SECTION_APPS:
        try:
            module = import_module(f"{app}.project_page")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.project_page":
                raise
            continue
        sections.extend(module.sections(request, project))
    return sorted(sections, key=lambda s: -s.weight)
