"""bench/load/run.py --fault cannot pass without a fault: a restart that fails or is
skipped is reported as such, and nothing is written outside the temporary directory."""

import importlib.util
import re
import sys
import tempfile
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def load_run():
    spec = importlib.util.spec_from_file_location("bench_load_run", BENCH / "load" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_a_failing_restart_is_recorded_not_lost_with_its_thread(load_run, monkeypatch):
    def no_postgres(database):
        raise FileNotFoundError("/etc/postgresql")

    monkeypatch.setattr(load_run, "portal_connections", no_postgres)
    fault = {}
    load_run.restart_postgres(fault, start_at=0, down_seconds=0, database="x", force=True)
    assert "FileNotFoundError" in fault["error"]
    assert "failed" in load_run.fault_missing(fault, thread_alive=False)


def test_only_a_completed_restart_counts_as_a_fault(load_run):
    done = {"stop_begin": 1.0, "stopped": 2.0, "start_begin": 3.0, "accepting": 4.0}
    assert load_run.fault_missing(done, thread_alive=False) is None
    assert load_run.fault_missing(done, thread_alive=True) is not None
    assert "skipped" in load_run.fault_missing({"skipped": "others connected"}, thread_alive=False)
    assert load_run.fault_missing({}, thread_alive=False) == "PostgreSQL was not stopped and started"
    assert load_run.fault_missing({"stop_begin": 1.0, "stopped": 2.0}, thread_alive=False) is not None


def test_the_restart_flag_lives_in_the_temporary_directory(load_run):
    assert load_run.PG_FLAG.parent == Path(tempfile.gettempdir())


def test_bench_names_no_directory_outside_the_checkout():
    """Temporary files go through ``tempfile``; only system programs and configuration
    (/usr, /etc, /proc) are named absolutely (URL paths such as "/projects/" are fine)."""
    outside = re.compile(r"""["'](/(?:work|tmp|home|var|srv|root|opt|mnt|data|coord)(?:/[^"']*)?)["']""")
    for path in BENCH.rglob("*.py"):
        found = outside.findall(path.read_text())
        assert not found, f"{path.relative_to(BENCH.parent)}: {found}"
