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

A project-page module (``<app>/project_page.py``, below) may declare
``SECTIONS_DEPEND_ON`` the same way: its sections are then cached per project and user.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

PANEL_CACHE_SECONDS = 60
_VERSION_PREFIX = "panels:v:"
_LOCAL_CACHES = ("django.core.cache.backends.locmem.", "django.core.cache.backends.dummy.")

HOME_PANEL_APPS = ("projects", "reporting", "scoring", "registries", "plan")

logger = logging.getLogger(__name__)


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


def _modules(apps: tuple[str, ...], name: str) -> list:
    modules = []
    for app in apps:
        try:
            modules.append(import_module(f"{app}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
    return modules


def panel_cache_enabled() -> bool:
    """Panels are cached only in a cache every process shares (see the module's docstring)."""
    return not settings.CACHES["default"]["BACKEND"].startswith(_LOCAL_CACHES)


def _watched_models() -> set[str]:
    labels = set()
    for module in _modules(HOME_PANEL_APPS, "home"):
        labels.update(getattr(module, "PANELS_DEPEND_ON", ()))
    for module in _modules(PROJECT_SECTION_APPS, "project_page"):
        labels.update(getattr(module, "SECTIONS_DEPEND_ON", ()))
    return labels


def _versions(labels: set[str]) -> dict[str, str]:
    """The current token of each model label (one cache round trip when they all exist)."""
    keys = {_VERSION_PREFIX + label: label for label in labels}
    found = cache.get_many(list(keys))
    for key in keys:
        if key not in found:
            # First use or evicted: a new token (never a reused one, so nothing stale matches).
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or "-"
    return {label: found[key] for key, label in keys.items()}


def _user_key(user) -> tuple:
    return (user.pk, user.role, int(user.is_superuser), user.employee_id, user.organisation_id)


def _build_cached(modules, request, depends_attr: str, key_parts: tuple, build) -> list[list]:
    """``build(module)`` for each module, from the cache where the module declares what it depends on."""
    user = request.user
    cacheable = (
        [m for m in modules if getattr(m, depends_attr, ())] if user.is_authenticated and panel_cache_enabled() else []
    )
    keys: dict[str, str] = {}
    cached = {}
    try:
        if cacheable:
            versions = _versions({label for m in cacheable for label in getattr(m, depends_attr)})
            day = timezone.localdate().isoformat()
            for module in cacheable:
                tokens = "".join(versions[label] for label in getattr(module, depends_attr))
                digest = hashlib.blake2s(tokens.encode(), digest_size=16).hexdigest()
                parts = ("panels", module.__name__, *key_parts, *_user_key(user), day, digest)
                keys[module.__name__] = ":".join(str(part) for part in parts)
        cached = cache.get_many(list(keys.values())) if keys else {}
    except Exception:  # the shared cache is down: built on every request, as without it
        logger.warning("Общий кэш недоступен: панели строятся без него.", exc_info=True)
        keys = {}
    result, missing = [], {}
    for module in modules:
        key = keys.get(module.__name__)
        if key is not None and key in cached:
            result.append(cached[key])
            continue
        built = build(module)
        if key is not None:
            missing[key] = built
        result.append(built)
    if missing:
        _quietly(cache.set_many, missing, PANEL_CACHE_SECONDS)
    return result


def _quietly(operation, *args, **kwargs) -> bool:
    """A write to the shared cache; when it is down, a warning instead of a failed request."""
    try:
        operation(*args, **kwargs)
    except Exception:
        logger.warning("Общий кэш недоступен: запись в него пропущена.", exc_info=True)
        return False
    return True


def collect_panels(request) -> list[Panel]:
    modules = _modules(HOME_PANEL_APPS, "home")
    built = _build_cached(modules, request, "PANELS_DEPEND_ON", (), lambda m: m.panels(request))
    panels = [panel for module_panels in built for panel in module_panels]
    return sorted(panels, key=lambda p: -p.weight)


_watched: set[str] | None = None
_also_watched: set[str] = set()


def _is_watched(label: str) -> bool:
    global _watched
    if _watched is None:
        _watched = _watched_models()
    return label in _watched or label in _also_watched


def watch_models(*labels: str) -> None:
    """Declare, at import, the models a ``cached_while_unchanged`` value depends on."""
    _also_watched.update(labels)


def cached_while_unchanged(key: str, depends: tuple[str, ...], build, timeout: int = PANEL_CACHE_SECONDS):
    """``build()``, kept in the shared cache under ``key`` until a row of one of ``depends`` is saved
    or deleted (or ``timeout`` passes) — the home panels' mechanism for any other costly value.
    The calling module must ``watch_models(*depends)`` at import. Without a shared cache: ``build()``."""
    if not panel_cache_enabled():
        return build()
    try:
        versions = _versions(set(depends))
        tokens = "".join(versions[label] for label in depends)
        full_key = f"cached:{key}:{hashlib.blake2s(tokens.encode(), digest_size=16).hexdigest()}"
        value = cache.get(full_key)
    except Exception:
        logger.warning("Общий кэш недоступен: значение считается без него.", exc_info=True)
        return build()
    if value is None:
        value = build()
        _quietly(cache.set, full_key, value, timeout)
    return value


@receiver(post_save, dispatch_uid="lean_portal.panels.saved")
@receiver(post_delete, dispatch_uid="lean_portal.panels.deleted")
@receiver(m2m_changed, dispatch_uid="lean_portal.panels.m2m")
def _drop_cached_panels(sender, action: str = "post_", **kwargs):
    """A row of a model some panels are made of changed: those panels are rebuilt. A many-to-many
    change (a suggestion's authors) counts for both sides and the link table."""
    if not panel_cache_enabled() or not action.startswith("post_"):
        return
    labels = {sender._meta.label}
    if "model" in kwargs:  # m2m_changed
        labels |= {kwargs["instance"]._meta.label, kwargs["model"]._meta.label}
    for label in sorted(label for label in labels if _is_watched(label)):

        def bump(label=label):
            _quietly(cache.set, _VERSION_PREFIX + label, uuid.uuid4().hex, timeout=None)

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
    """The sections of ``project``'s page; a module declaring ``SECTIONS_DEPEND_ON`` has its
    sections cached per project and user like the home panels (see the module's docstring)."""
    modules = _modules(PROJECT_SECTION_APPS, "project_page")
    built = _build_cached(modules, request, "SECTIONS_DEPEND_ON", (project.pk,), lambda m: m.sections(request, project))
    sections = [section for module_sections in built for section in module_sections]
    return sorted(sections, key=lambda s: -s.weight)
