"""Home-page panels and project-page sections that the apps offer.

An app adds a module ``<app>/home.py`` with a function ``panels(request)`` that returns a
list of ``Panel``, and a module ``<app>/project_page.py`` with ``sections(request, project)``
that returns a list of ``ProjectSection``. ``discover()`` (run by the portal's
``AppConfig.ready()``) finds them in every installed app, in ``INSTALLED_APPS`` order, the way
the admin finds ``admin.py``: the core names no app, and a module that fails to import or lacks
its function stops start-up. A panel's queries must not grow with the data (slice,
aggregate). Panels and sections are built on every request: nothing here is cached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

_home_panels: tuple[Callable, ...] = ()
_project_sections: tuple[Callable, ...] = ()


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


def _providers(module_name: str, function: str) -> tuple[Callable, ...]:
    """``function`` of ``<app>.<module_name>`` for every installed app that has that module.
    An import error inside the module, or a module without the function, is raised."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, module_name):
            module = import_module(f"{config.name}.{module_name}")
            provider = getattr(module, function, None)
            if not callable(provider):
                raise TypeError(f"{module.__name__} must define {function}() (lean_portal/panels.py)")
            found.append(provider)
    return tuple(found)


def discover() -> None:
    """Find the apps' home panels and project-page sections (called again if the installed
    apps change, so it replaces what it found before)."""
    global _home_panels, _project_sections
    _home_panels = _providers("home", "panels")
    _project_sections = _providers("project_page", "sections")


def collect_panels(request) -> list[Panel]:
    panels = [panel for provider in _home_panels for panel in provider(request)]
    return sorted(panels, key=lambda p: -p.weight)


# --- Project page sections -----------------------------------------------------------
# Other apps add sections to a project's page (assessment, goal actuals, suggestions…)
# with a module ``<app>/project_page.py`` (see the module's docstring). Queries must not
# grow with the data.


@dataclass
class ProjectSection:
    title: str
    # HTML made by ``render_to_string`` from a template (so every value in it is escaped
    # by the template engine); the project page inserts it as it is.
    html: str
    weight: int = 0


def collect_project_sections(request, project) -> list[ProjectSection]:
    """The sections of ``project``'s page, built on every request."""
    sections = [section for provider in _project_sections for section in provider(request, project)]
    return sorted(sections, key=lambda s: -s.weight)
