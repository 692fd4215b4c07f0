"""Benchmark figures go stale in code: they belong in bench/README.md, not in comments or
docstrings of the apps (a limit such as «at most 10 MB» is a rule, not a measurement)."""

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("lean_portal", "orgs", "projects", "scoring", "reporting", "registries", "plan", "notifications")
MEASUREMENT = re.compile(r"(?<!at most )\b\d[\d,.]*\s?(ms|µs|req/s|rps|KB|kB|MB|GB)\b")


def _comments_and_docstrings(path: Path):
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    for token in tokens:
        if token.type == tokenize.COMMENT or (token.type == tokenize.STRING and token.string.endswith('"""')):
            yield token.start[0], token.string


def test_no_benchmark_figures_in_comments_or_docstrings():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for line, text in _comments_and_docstrings(path):
                if MEASUREMENT.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{line}: {MEASUREMENT.search(text).group(0)}")
    assert not found, "move these figures to bench/README.md:\n" + "\n".join(found)
