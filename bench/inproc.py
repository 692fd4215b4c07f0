"""In-process measurements for bench/run.py, each in its own fresh process (so peak memory is the export's).

    inproc.py queries '<json list of [name, url, username]>'   query count of each page (one request each)
    inproc.py export <url> <username>                          time, tracemalloc peak and peak RSS of one export
    inproc.py floor-pdf                                         WeasyPrint rendering a one-line page
    inproc.py floor-xlsx <year> <quarter>                       openpyxl write-only (and CSV) writing the
                                                                consolidated export's rows from memory

Prints one JSON object on stdout. Needs the same environment as the portal (DATABASE_URL …).
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lean_portal.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from orgs.models import User  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def client_for(username: str) -> Client:
    """A logged-in client; the office's account with its second factor given (orgs/twofactor.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from orgs.twofactor import second_factor_required

    user = User.objects.get(username=username)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if second_factor_required(user):
        device = StaticDevice.objects.get(user=user, confirmed=True)  # made by generate_load
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def consume(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def queries(spec: str) -> dict:
    result = {}
    clients: dict[str, Client] = {}
    for name, url, username in json.loads(spec):
        client = clients.setdefault(username, client_for(username))
        client.get(url)  # warm caches the way a running worker has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            consume(response)
        result[name] = {"status": response.status_code, "queries": len(captured)}
    return result


def export(url: str, username: str) -> dict:
    client = client_for(username)
    client.get("/bench/floor/")  # middleware and session warmed
    baseline = current_rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    size = consume(response)
    seconds = time.perf_counter() - started
    peak = peak_rss_mb()
    tracemalloc.start()
    consume(client.get(url))
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "status": response.status_code,
        "bytes": size,
        "seconds_first": seconds,
        "rss_before_mb": baseline,
        "peak_rss_mb": peak,
        "tracemalloc_peak_mb": traced_peak / 2**20,
    }


def floor_pdf() -> dict:
    from weasyprint import HTML

    from lean_portal.pdf import font_config

    html = (
        '<!doctype html><html lang="ru"><meta charset="utf-8">'
        "<body style=\"font-family: 'PT Serif', 'Liberation Serif', 'DejaVu Serif', serif\">"
        "<p>Паспорт бережливого проекта</p></body></html>"
    )
    HTML(string=html).write_pdf(font_config=font_config())
    times = []
    for _ in range(15):
        started = time.perf_counter()
        HTML(string=html).write_pdf(font_config=font_config())
        times.append(time.perf_counter() - started)
    return {"median": statistics.median(times), "p95": sorted(times)[int(0.95 * len(times)) - 1], "runs": len(times)}


def floor_xlsx(year: int, quarter: int) -> dict:
    from openpyxl import Workbook

    from reporting.exporters import ConsolidatedReportExporter
    from reporting.periods import Quarter

    exporter = ConsolidatedReportExporter(Quarter(year, quarter))
    header = [c.title if hasattr(c, "title") else str(c) for c in exporter.PROJECT_COLUMNS]
    rows = list(exporter.project_rows())
    sphere_rows = list(exporter.sphere_rows())
    rss_rows = current_rss_mb()

    def write_xlsx() -> float:
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("По организациям и проектам")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        totals = workbook.create_sheet("Сводка по сферам")
        for row in sphere_rows:
            totals.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return time.perf_counter() - started

    def write_csv() -> float:
        started = time.perf_counter()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        buffer.getvalue().encode()
        return time.perf_counter() - started

    xlsx = [write_xlsx() for _ in range(2)]
    csv_times = [write_csv() for _ in range(2)]
    return {
        "rows": len(rows),
        "xlsx_seconds": min(xlsx),
        "csv_seconds": min(csv_times),
        "rss_with_rows_in_memory_mb": rss_rows,
        "peak_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "queries":
        out = queries(args[0])
    elif mode == "export":
        out = export(args[0], args[1])
    elif mode == "floor-pdf":
        out = floor_pdf()
    elif mode == "floor-xlsx":
        out = floor_xlsx(int(args[0]), int(args[1]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    print("BENCH-JSON " + json.dumps(out))
