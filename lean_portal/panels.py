"""Home-page panels and project-page sections that the apps offer.

An app adds a module ``<app>/home.py`` with a function ``panels(request)`` that
returns a list of ``Panel``; the home view collects them in ``HOME_PANEL_APPS`` order.
A panel's queries must not grow with the data (slice, aggregate). Panels and sections
are built on every request: nothing here is cached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

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


def _modules(apps: tuple[str, ...], name: str) -> list:
    modules = []
    for app in apps:
        try:
            modules.append(import_module(f"{app}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
    return modules


def collect_panels(request) -> list[Panel]:
    panels = [panel for module in _modules(HOME_PANEL_APPS, "home") for panel in module.panels(request)]
    return sorted(panels, key=lambda p: -p.weight)


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
    """The sections of ``project``'s page, built on every request."""
    modules = _modules(PROJECT_SECTION_APPS, "project_page")
    sections = [section for module in modules for section in module.sections(request, project)]
    return sorted(sections, key=lambda s: -s.weight)
