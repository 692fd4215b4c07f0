"""The apps' home panels and project-page sections are found in the installed apps (the core
names none), and a broken one stops start-up instead of vanishing from the page."""

import importlib
import sys
from types import SimpleNamespace

import pytest

import plan.home
import projects.home
import reporting.home
import reporting.project_page
import scoring.home
import scoring.project_page
from lean_portal import panels


def test_every_app_module_is_found_in_installed_apps_order():
    panels.discover()
    homes = [provider.__module__ for provider in panels._home_panels]
    assert {projects.home.panels, scoring.home.panels, reporting.home.panels, plan.home.panels} <= set(
        panels._home_panels
    )
    assert homes.index("projects.home") < homes.index("plan.home")
    sections = [provider.__module__ for provider in panels._project_sections]
    assert sections.index(scoring.project_page.__name__) < sections.index(reporting.project_page.__name__)
    assert "plan.project_page" not in sections  # plan adds no section: it has no module to find


@pytest.fixture
def fake_app(tmp_path, monkeypatch):
    """An installed app ``fakeapp`` whose modules the test writes."""
    package = tmp_path / "fakeapp"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("fakeapp")
    monkeypatch.setattr(panels.apps, "get_app_configs", lambda: [SimpleNamespace(name="fakeapp", module=module)])
    yield package
    for name in [name for name in sys.modules if name.startswith("fakeapp")]:
        del sys.modules[name]


def test_a_module_without_its_function_stops_discovery(fake_app):
    (fake_app / "home.py").write_text("def panel(request):\n    return []\n")
    with pytest.raises(TypeError, match=r"fakeapp\.home must define panels\(\)"):
        panels._providers("home", "panels")


def test_an_import_error_inside_a_module_is_raised_not_swallowed(fake_app):
    (fake_app / "project_page.py").write_text("import fakeapp.missing_helper\n")
    with pytest.raises(ModuleNotFoundError, match=r"fakeapp\.missing_helper"):
        panels._providers("project_page", "sections")


def test_an_app_without_the_module_adds_nothing(fake_app):
    assert panels._providers("home", "panels") == ()
