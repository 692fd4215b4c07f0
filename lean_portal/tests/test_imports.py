"""Import rules of the house, read from the source with ``ast``:

* the core (``lean_portal``) imports no domain app — apps register what they add
  (``lean_portal/panels.py``), URLs include them by dotted string;
* an import sits at the top of its module; one inside a function needs a comment naming the
  cycle it breaks (``# cycle: a <-> b``) on its line or just above;
* the imports at module tops form no cycle (``orgs.models`` owns the organisation filter that
  ``orgs.access`` reads; ``projects/stages.py`` holds what both ``projects.models`` and
  ``projects.rules`` need).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = "lean_portal"
# The repository's own packages: the core, the domain apps and the development tools (bench).
PACKAGES = sorted(path.parent.name for path in ROOT.glob("*/__init__.py"))
DOMAIN_APPS = frozenset(PACKAGES) - {CORE}
# Standalone scripts, run as ``python bench/…`` and never imported by the portal: they load Django
# only once their environment is set, and inproc.py loads WeasyPrint or openpyxl only in the
# measurement that needs it (each measurement's peak memory is its own).
SCRIPTS = {Path("bench/run.py"), Path("bench/inproc.py"), Path("bench/load/run.py"), Path("bench/import_projects.py")}


def _is_test_or_migration(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "tests" in parts or "migrations" in parts or path.name.startswith("test_") or path.name == "conftest.py"


def source_files(package: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / package).rglob("*.py"))
        if not _is_test_or_migration(path) and path.relative_to(ROOT) not in SCRIPTS
    ]


def imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def domain_imports(source: str, name: str = "<snippet>") -> list[str]:
    """``file:line: module`` for every import (module top or inside a function) of a domain app."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for module in imported_modules(node):
            if module.split(".")[0] in DOMAIN_APPS:
                found.append(f"{name}:{node.lineno}: {module}")
    return found


def _comment_names_a_cycle(lines: list[str], lineno: int) -> bool:
    if "cycle" in lines[lineno - 1].partition("#")[2].lower():
        return True
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        if "cycle" in lines[index].lower():
            return True
        index -= 1
    return False


def function_level_imports(source: str, name: str = "<snippet>") -> list[str]:
    """``file:line: statement`` for every import inside a function without a comment naming a cycle."""
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            is_import = isinstance(child, (ast.Import, ast.ImportFrom))
            if is_import and in_function and not _comment_names_a_cycle(lines, child.lineno):
                found.append(f"{name}:{child.lineno}: {lines[child.lineno - 1].strip()}")
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(ast.parse(source), False)
    return found


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def top_level_graph() -> dict[str, set[str]]:
    """Module → the repository's modules it imports at its top (``from a import b`` counts
    ``a.b`` when that is a module)."""
    modules = {module_name(path): path for package in PACKAGES for path in source_files(package)}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.parse(path.read_text()).body:
            for module in imported_modules(node):
                targets.add(module)
                if isinstance(node, ast.ImportFrom):
                    targets.update(f"{module}.{alias.name}" for alias in node.names)
        graph[name] = targets & modules.keys()
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _scan(packages, check) -> list[str]:
    return [
        problem
        for package in packages
        for path in source_files(package)
        for problem in check(path.read_text(), str(path.relative_to(ROOT)))
    ]


def test_the_packages_are_found():
    assert {"orgs", "projects", "registries", "bench"} <= DOMAIN_APPS
    assert len(source_files(CORE)) > 10


def test_the_core_imports_no_domain_app():
    found = _scan([CORE], domain_imports)
    assert not found, "the core must not import a domain app (register from the app instead):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "snippet",
    [
        "from projects.models import Project\n",
        "import registries.views.surveys\n",
        "def home(request):\n    from scoring import home\n    return home\n",
        "import bench\n",
    ],
)
def test_a_domain_import_in_the_core_would_be_caught(snippet):
    assert domain_imports(snippet)


def test_the_core_may_import_itself_and_django():
    assert not domain_imports("from lean_portal.panels import Panel\nfrom django.urls import include\nimport os\n")


def test_no_function_level_import_without_a_named_cycle():
    found = _scan([package for package in PACKAGES if package != "registries"], function_level_imports)
    assert not found, "move these imports to the module top, or name the cycle they break:\n" + "\n".join(found)


def test_no_function_level_import_without_a_named_cycle_in_registries():
    """Separate from the rest while registries/ is being split into one module per register."""
    found = _scan(["registries"], function_level_imports)
    assert not found, "move these imports to the module top, or name the cycle they break:\n" + "\n".join(found)


def test_a_function_level_import_is_caught_unless_its_cycle_is_named():
    plain = "def f():\n    from projects.models import Project\n    return Project\n"
    named = "def f():\n    # cycle: projects.models <-> projects.rules\n    from projects.models import Project\n"
    inline = "def f():\n    from projects.models import Project  # cycle: projects.models <-> projects.rules\n"
    nested = "class A:\n    def f(self):\n        if True:\n            import os\n"
    other_comment = "def f():\n    # the project's model\n    from projects.models import Project\n"
    assert function_level_imports(plain) == ["<snippet>:2: from projects.models import Project"]
    assert function_level_imports(named) == []
    assert function_level_imports(inline) == []
    assert function_level_imports(nested) == ["<snippet>:4: import os"]
    assert function_level_imports(other_comment)
    assert function_level_imports("import os\n\n\ndef f():\n    return os\n") == []


def test_module_top_imports_form_no_cycle():
    graph = top_level_graph()
    assert "orgs.access" not in graph["orgs.models"]
    assert graph["projects.stages"].isdisjoint({"projects.models", "projects.rules"})
    assert not cycles(graph)


def test_a_cycle_would_be_caught():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
