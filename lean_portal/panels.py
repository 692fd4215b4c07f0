"""Home-page panels: each app may offer «what is yours to do» to the home page.

An app adds a module ``<app>/home.py`` with a function ``panels(request)`` that
returns a list of ``Panel``. The home view collects them in ``HOME_PANEL_APPS``
order. A panel's queries must not grow with the data (slice, aggregate).
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


def collect_panels(request) -> list[Panel]:
    panels: list[Panel] = []
    for app in HOME_PANEL_APPS:
        try:
            module = import_module(f"{app}.home")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.home":
                raise
            continue
        panels.extend(module.panels(request))
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
