"""Bench: importing 50,000 projects from one .xlsx (issue 21): time and peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lean_portal_bench_import \\
        .venv/bin/python bench/import_projects.py [--rows 50000] [--organisations 100] [--tracemalloc]

Creates the database when it is missing (PostgreSQL) and migrates it, empties the registers the
file fills, writes the file (an «Организации» sheet and a «Проекты» sheet, every column of the
template filled, through openpyxl's write-only mode), then runs the check and the import exactly as
the browser's confirmation does (``imports.engine.Importer``), timing each. Peak memory is the
process's peak RSS (``getrusage``, which includes Django itself); ``--tracemalloc`` also reports the
Python allocations' peak (it slows Python down, so its run's times are not the ones to quote).
Results go to ``bench/README.md`` by hand, never into code.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lean_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg2  # before django.setup(): the database must exist first

    name = url.rsplit("/", 1)[-1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def write_file(path: str, rows: int, organisations: int) -> None:
    from openpyxl import Workbook  # these need django.setup() (run in main)

    from imports.sheets import SHEETS_BY_KEY, STAGE_EXAMPLES

    workbook = Workbook(write_only=True)
    orgs = workbook.create_sheet("Организации")
    orgs.append([f.title for f in SHEETS_BY_KEY["organisations"].fields])
    for n in range(organisations):
        orgs.append([f"Бенч-учреждение № {n}", f"Бенч № {n}", "", "Муниципальное учреждение", "Образование", "", ""])
    projects = workbook.create_sheet("Проекты")
    fields = SHEETS_BY_KEY["projects"].fields
    projects.append([f.title for f in fields])
    stages = [
        datetime.datetime.strptime(STAGE_EXAMPLES[f.key], "%d.%m.%Y") for f in fields if f.key.startswith("stage")
    ]
    for n in range(rows):
        projects.append(
            [
                f"Бенч № {n % organisations}",
                f"Бережливый проект номер {n}: сокращение времени ожидания услуги",
                "Внутренний",
                "Образование",
                "Реализуется",
                "Управление образования бенча",
                "Выдача справок об обучении",
                "Обращение родителя",
                "Выдача справки",
                "",
                "Сокращение времени ожидания, рост удовлетворённости",
                "",
                *stages,
            ]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--tracemalloc", action="store_true")
    options = parser.parse_args()

    ensure_database()
    import django  # after ensure_database(): setting up connects

    django.setup()
    # Django's and the portal's modules need django.setup() first.
    from django.conf import settings
    from django.core.management import call_command

    # As in production: DEBUG would keep every query's SQL (a bulk insert's is long) in memory.
    settings.DEBUG = False

    from imports.engine import Importer
    from orgs.models import Organisation, Sphere, User
    from projects.models import Project

    call_command("migrate", verbosity=0)
    # A previous run's 50,000 projects are deleted in a child process: the ORM's cascade collects
    # every row in memory, and the parent's peak RSS is to measure the import alone.
    django.db.connections.close_all()
    child = os.fork()
    if child == 0:
        Project.history.model.objects.all().delete()
        Project.objects.filter(organisation__full_name__startswith="Бенч-учреждение").delete()
        Organisation.objects.filter(full_name__startswith="Бенч-учреждение").delete()
        django.db.connections.close_all()
        os._exit(0)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("emptying the registers failed")
    Sphere.objects.get_or_create(name="Образование")
    user, _ = User.objects.get_or_create(username="bench-import", defaults={"role": User.Role.ADMIN})

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "projects.xlsx")
        started = time.monotonic()
        write_file(path, options.rows, options.organisations)
        results = {
            "rows": options.rows,
            "file_mb": round(os.path.getsize(path) / 2**20, 1),
            "write_file_s": round(time.monotonic() - started, 1),
            "database": django.db.connection.vendor,
        }
        results["rss_before_check_mb"] = round(peak_rss_mb())
        if options.tracemalloc:
            tracemalloc.start()
        importer = Importer(path=path, user=user, file_name="projects.xlsx")
        started = time.monotonic()
        report = importer.check()
        results["check_s"] = round(time.monotonic() - started, 1)
        assert not report.errors, [str(i) for i in report.errors[:5]]
        started = time.monotonic()
        report = Importer(path=path, user=user, file_name="projects.xlsx").apply()
        results["import_s"] = round(time.monotonic() - started, 1)
        results["created"] = report.total("create")
        results["peak_rss_mb"] = round(peak_rss_mb())
        usage = resource.getrusage(resource.RUSAGE_SELF)
        results["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
        if options.tracemalloc:
            results["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
        results["projects_in_database"] = Project.objects.filter(
            organisation__full_name__startswith="Бенч-учреждение"
        ).count()
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
