#!/usr/bin/env python
"""Benchmark of the portal against its own stack's floor (issue 9). See bench/README.md.

    .venv/bin/python bench/run.py --scale region

Creates the PostgreSQL database ``lean_portal_bench`` on 127.0.0.1:5432 (dropping an old one),
migrates it, generates the data set (``manage.py generate_load``), starts gunicorn with two
workers in production settings, logs in as the benchmark's accounts and measures each page
and export; then measures in separate processes the exports' peak memory, each page's query
count and the floors (WeasyPrint one-line page, openpyxl write-only and CSV of the same rows).
Prints a table and writes bench/results/<scale>-<time>.json (and latest-<scale>.json).

Several app servers (issue 9, item 4): ``--instances 2`` starts two independent gunicorn
processes (2 workers each) on the same port with ``--reuse-port`` (the kernel spreads the
connections, SO_REUSEPORT), ``--redis-url`` gives them a shared Redis cache and ``--pgbouncer``
puts PgBouncer in transaction mode between them and PostgreSQL (``DATABASE_PGBOUNCER=1``).
Each instance also listens on a port of its own, so the run can prove that a log-in made
through one instance is valid on the other.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
PASSWORD = "bench"  # noqa: S105 — the generated accounts' known password (bench/loadgen.py)

# Targets of issue 9, item 3.
PAGE_MEDIAN_MS, PAGE_P95_MS, PAGE_THROUGHPUT_SHARE = 150, 400, 0.25
PASSPORT_MEDIAN_S, PASSPORT_PEAK_MB = 0.5, 120
ANNUAL_S = 6.0
XLSX_RATIO, XLSX_PEAK_MB = 1.5, 150


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(database: str, port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@{HOST}:5432/{database}",
        DJANGO_DEBUG="0",
        DJANGO_SECURE="0",
        DJANGO_DEMO_DATA="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_PROXY_COUNT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(RESULTS / "static"),
        PORTAL_BASE_URL=f"http://{HOST}:{port}",
        DJANGO_BENCH="1",  # installs the bench app: generate_load and the floor view
    )
    return env


def manage(env: dict, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 — our own manage.py
    return time.monotonic() - started


def sql(database: str, query: str, params=()) -> list[tuple]:
    for attempt in range(30):  # PostgreSQL may be restarting (the load/fault run does that)
        try:
            connection = psycopg2.connect(host=HOST, user="postgres", dbname=database)
            break
        except psycopg2.OperationalError:
            if attempt == 29:
                raise
            time.sleep(2)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def prepare_database(args, env: dict) -> dict:
    timings = {}
    exists = sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
    if args.reuse and exists:
        log(f"база {args.database} уже есть, данные не пересоздаются (--reuse)")
        return {"reused": True}
    log(f"создаю базу {args.database}")
    sql("postgres", f'DROP DATABASE IF EXISTS "{args.database}"')
    sql("postgres", f'CREATE DATABASE "{args.database}"')
    timings["migrate_s"] = manage(env, "migrate", "--noinput", "-v0")
    log(f"миграции: {timings['migrate_s']:.0f} с; генерирую данные --scale {args.scale}")
    timings["generate_s"] = manage(env, "generate_load", "--scale", args.scale, "--seed", str(args.seed))
    sql(args.database, "VACUUM ANALYZE")
    log(f"данные: {timings['generate_s']:.0f} с")
    return timings


# --- HTTP ---------------------------------------------------------------------------------


def request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        connection.close()


def cookies_from(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


def login(port: int, username: str, database: str = "") -> str:
    status, headers, body = request(port, "GET", "/login/", {})
    jar = cookies_from(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    status, headers, body = request(
        port,
        "POST",
        "/login/",
        {
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/login/",
        },
        form,
    )
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"не удалось войти как {username}: HTTP {status}")
    cookie = f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"
    if database:
        second_factor(port, database, username, cookie)
    return cookie


def second_factor(port: int, database: str, username: str, cookie: str) -> None:
    """The office's second step of log-in (orgs/twofactor.py): a one-time recovery code, added to
    the account's recovery-code device (made by ``generate_load``) for this log-in."""
    status, headers, _ = request(port, "GET", "/", {"Cookie": cookie})
    location = {k.lower(): v for k, v in headers}.get("location", "")
    if status != 302 or not location.startswith("/account/two-factor/"):
        return  # no second factor asked
    code = secrets.token_hex(4)
    sql(
        database,
        "INSERT INTO otp_static_statictoken (device_id, token) SELECT d.id, %s FROM otp_static_staticdevice d "
        "JOIN orgs_user u ON u.id = d.user_id WHERE u.username = %s",
        [code, username],
    )
    _, _, body = request(port, "GET", "/account/two-factor/", {"Cookie": cookie})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"code": code, "next": "/", "csrfmiddlewaretoken": token})
    status, _, _ = request(
        port,
        "POST",
        "/account/two-factor/",
        {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/account/two-factor/",
        },
        form,
    )
    if status != 302:
        raise SystemExit(f"второй фактор для {username} не принят: HTTP {status}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(
    port: int, path: str, cookie: str, count: int, concurrency: int, budget: float = 0, warmup: int = 1
) -> dict:
    """``count`` requests from ``concurrency`` clients; a slow page gets fewer (10 at least) to fit ``budget`` s.

    ``warmup`` uncounted requests first (the first alone, the rest from ``concurrency`` clients, so that
    every worker of every instance has served the page once before the count starts)."""

    def one(_):
        started = time.perf_counter()
        status, _, body = request(port, "GET", path, {"Cookie": cookie})
        return status, time.perf_counter() - started, len(body)

    first = one(None)  # warm-up, not counted
    if warmup > 1:
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, range(warmup - 1)))
    if budget:
        count = max(min(count, 10), min(count, int(budget * min(concurrency, 2) / max(first[1], 1e-3))))
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    times = [t for _, t, _ in results]
    statuses = sorted({s for s, _, _ in results} | {first[0]})
    return {
        "path": path,
        "requests": count,
        "concurrency": concurrency,
        "statuses": statuses,
        "bytes": first[2],
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "throughput_rps": count / wall,
    }


def inproc(env: dict, *args: str) -> dict:
    out = subprocess.run(  # noqa: S603 — our own script
        [PYTHON, str(ROOT / "bench" / "inproc.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    line = next((line for line in out.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if out.returncode or line is None:
        return {"error": (out.stderr or out.stdout)[-2000:]}
    return json.loads(line.removeprefix("BENCH-JSON "))


# --- the run ------------------------------------------------------------------------------


def resolve(env: dict, name: str, query: str = "") -> str | None:
    """The path of the URL named ``name`` in this tree, or None where it does not exist (yet)."""
    script = (
        "from django.urls import NoReverseMatch, reverse\n"
        f"try:\n    print('BENCH-URL', reverse({name!r}))\nexcept NoReverseMatch:\n    print('BENCH-URL -')\n"
    )
    out = subprocess.run(  # noqa: S603 — our own manage.py
        [PYTHON, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    line = next((line for line in out.stdout.splitlines() if line.startswith("BENCH-URL ")), "BENCH-URL -")
    path = line.removeprefix("BENCH-URL ").strip()
    return None if path == "-" else path + query


def municipal_pages(database: str, economy: str, staff: str, period: tuple[int, int], label: str = "") -> dict:
    """The pages of one municipality: its office (``economy``) and a unit's staff (``staff``) on its records.

    Every figure is read within the office's municipality (the office sees nothing beyond it): the deep
    pages of the registry, the plan, the contest and the assessment are its own."""
    (municipality,) = sql(
        database,
        "SELECT o.municipality_id FROM orgs_user u JOIN orgs_employee e ON e.id = u.employee_id "
        "JOIN orgs_organisation o ON o.id = e.organisation_id WHERE u.username = %s",
        [economy],
    )[0]
    staff_org = sql(
        database,
        "SELECT e.organisation_id FROM orgs_user u JOIN orgs_employee e ON e.id = u.employee_id WHERE u.username = %s",
        [staff],
    )[0][0]
    project = sql(
        database,
        "SELECT p.id FROM projects_project p WHERE p.organisation_id = %s AND p.state = 'in_progress' "
        "AND EXISTS (SELECT 1 FROM projects_goal g WHERE g.project_id = p.id) ORDER BY p.id LIMIT 1",
        [staff_org],
    )[0][0]
    home = "p.organisation_id IN (SELECT id FROM orgs_organisation WHERE municipality_id = %s)"
    assessment = sql(
        database,
        f"SELECT a.id FROM scoring_assessment a JOIN projects_project p ON p.id = a.project_id WHERE {home} "  # noqa: S608
        "ORDER BY a.id LIMIT 1",
        [municipality],
    )[0][0]
    # The form pages (issue 17: each under 150 ms at region scale, no list of all organisations
    # or employees in the HTML): a draft passport of the staff's organisation, the plan, a contest.
    draft = sql(
        database,
        "SELECT id FROM projects_project WHERE organisation_id = %s AND state IN ('draft', 'returned') "
        "ORDER BY id LIMIT 1",
        [staff_org],
    )
    plan = sql(
        database,
        "SELECT id FROM plan_plan WHERE municipality_id = %s ORDER BY first_year DESC, id LIMIT 1",
        [municipality],
    )
    contest = sql(
        database,
        "SELECT c.id FROM registries_contest c JOIN orgs_organisation o ON o.id = c.organisation_id "
        "WHERE o.municipality_id = %s ORDER BY c.id LIMIT 1",
        [municipality],
    )
    sphere = sql(database, "SELECT id FROM orgs_sphere WHERE name = 'Образование' AND municipality_id IS NULL")[0][0]
    total = sql(database, f"SELECT count(*) FROM projects_project p WHERE {home}", [municipality])[0][0]  # noqa: S608
    deep = max(1, total // 25 // 2)
    filtered = f"state=in_progress&sphere={sphere}"
    filtered_total = sql(
        database,
        f"SELECT count(*) FROM projects_project p WHERE p.state = 'in_progress' AND p.sphere_id = %s AND {home}",  # noqa: S608
        [sphere, municipality],
    )[0][0]
    filtered_deep = max(1, filtered_total // 25 // 2)
    year, quarter = period
    return {
        "pages": [
            (f"home (economy){label}", "/", economy),
            (f"home (staff){label}", "/", staff),
            (f"registry p1{label}", "/projects/", economy),
            (f"registry deep p{deep}{label}", f"/projects/?page={deep}", economy),
            (f"registry filtered p1{label}", f"/projects/?{filtered}", economy),
            (f"registry filtered deep p{filtered_deep}{label}", f"/projects/?{filtered}&page={filtered_deep}", economy),
            (f"registry search p1{label}", "/projects/?q=" + urllib.parse.quote("справок"), economy),
            (f"registry (staff) p1{label}", "/projects/", staff),
            (f"project page{label}", f"/projects/{project}/", staff),
            (f"plan dashboard{label}", "/plan/", economy),
            (f"effects district{label}", "/effects/", economy),
            (f"effects district (staff){label}", "/effects/", staff),
            (f"status table{label}", f"/reports/status/?year={year}&quarter={quarter}", economy),
            (f"passport form (new){label}", "/projects/new/", staff),
            *([(f"passport form (edit){label}", f"/projects/{draft[0][0]}/edit/", staff)] if draft else []),
            *([(f"plan edit{label}", f"/plan/plans/{plan[0][0]}/", economy)] if plan else []),
            (f"deadline rules{label}", "/reports/deadlines/rules/", economy),
            *([(f"contest page{label}", f"/registries/contests/{contest[0][0]}/", economy)] if contest else []),
        ],
        "documents": [
            (f"passport PDF{label}", f"/projects/{project}/pdf/", staff, "pdf"),
            (f"score sheet PDF{label}", f"/scoring/{assessment}/sheet.pdf", economy, "pdf"),
            (f"annual report PDF{label}", "/plan/report.pdf", economy, "annual"),
            (f"consolidated .xlsx{label}", f"/reports/export/?year={year}&quarter={quarter}", economy, "xlsx"),
        ],
    }


def targets(args, database: str, env: dict) -> dict:
    """The pages and documents measured: the default municipality's (the accounts ``bench-economy`` and
    ``bench-staff``, as before municipalities), at region scale the same of the biggest other one
    (``bench-far-economy``, ``bench-far-staff``: Kemerovo) and the regional office's pages."""
    # The last quarter that has ended: its reports are in, the consolidated export is full.
    today = datetime.date.today()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    plan = municipal_pages(database, "bench-economy", "bench-staff", (year, quarter))
    pages = [("floor", "/bench/floor/", "bench-economy"), *plan["pages"]]
    documents = list(plan["documents"])
    users = {name for (name,) in sql(database, "SELECT username FROM orgs_user WHERE username LIKE 'bench-%%'")}
    if {"bench-far-economy", "bench-far-staff"} <= users:
        far = municipal_pages(database, "bench-far-economy", "bench-far-staff", (year, quarter), " [far]")
        pages += far["pages"]
        documents += far["documents"]
    if "bench-region" in users:
        # The regional office reads every municipality: the registry of the whole region, one municipality's
        # plan dashboard, and the regional comparison (engineer «region»'s page: measured where it exists).
        far_slug = sql(
            database,
            "SELECT m.slug FROM orgs_user u JOIN orgs_employee e ON e.id = u.employee_id JOIN orgs_organisation o "
            "ON o.id = e.organisation_id JOIN orgs_municipality m ON m.id = o.municipality_id WHERE u.username = %s",
            ["bench-far-economy"],
        )
        pages += [
            ("registry (region) p1", "/projects/", "bench-region"),
            *(
                [("plan dashboard (region)", f"/plan/?municipality={far_slug[0][0]}", "bench-region")]
                if far_slug
                else []
            ),
        ]
        comparison = resolve(env, "region:comparison", f"?year={today.year}")
        if comparison:
            pages.append(("region comparison", comparison, "bench-region"))
        else:
            log("region:comparison не найден в этой версии портала: сравнение муниципальных образований не измеряется")
    return {"pages": pages, "documents": documents, "period": (year, quarter)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def cpu_cgroup(name: str, cpus: float) -> Path:
    """A CPU cgroup allowed ``cpus`` CPUs in all (CFS quota; cgroup v1 or v2, needs root): an app
    server of that size, whatever else runs on the machine."""
    period = 100_000  # the kernel's default, as container platforms use it
    quota = int(cpus * period)
    v1 = Path("/sys/fs/cgroup/cpu")
    if (v1 / "cpu.cfs_quota_us").exists():
        group = v1 / name
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text(str(period))
        (group / "cpu.cfs_quota_us").write_text(str(quota))
        return group
    group = Path("/sys/fs/cgroup") / name
    group.mkdir(exist_ok=True)
    (group / "cpu.max").write_text(f"{quota} {period}")
    return group


def start_gunicorn(
    env: dict, port: int, own_port: int | None = None, cpu: int | None = None, cgroup: Path | None = None
) -> subprocess.Popen:
    """gunicorn with two workers on ``port``; with ``own_port`` also on a port of its own and with
    SO_REUSEPORT, so that several instances share ``port`` and each can be reached alone; with
    ``cpu`` pinned to that core (``taskset``), one core standing for one app server; with
    ``cgroup`` started inside that CPU cgroup (its workers with it)."""
    binds = ["--bind", f"{HOST}:{port}"]
    if own_port:
        binds += ["--bind", f"{HOST}:{own_port}", "--reuse-port"]
    pin = ["taskset", "--cpu-list", str(cpu)] if cpu is not None else []
    # The shell joins the cgroup, then becomes gunicorn: the master and its workers are inside.
    enter = ["sh", "-c", f'echo $$ > "{cgroup / "cgroup.procs"}" && exec "$@"', "gunicorn"] if cgroup else []
    process = subprocess.Popen(  # noqa: S603 — the venv's gunicorn
        [
            *enter,
            *pin,
            PYTHON,
            "-m",
            "gunicorn",
            "lean_portal.wsgi:application",
            "--workers",
            "2",
            *binds,
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    check_port = own_port or port
    for _ in range(120):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn не запустился на порту {port}")
        try:
            if request(check_port, "GET", "/healthz", {})[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn не запустился")


def start_pgbouncer(port: int) -> tuple[subprocess.Popen, Path]:
    """PgBouncer in transaction mode on ``port`` in front of PostgreSQL on 127.0.0.1:5432 (trust
    auth, as the benchmark's PostgreSQL); run as the ``postgres`` system user when we are root,
    because PgBouncer refuses to run as root."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise SystemExit("нет PgBouncer: apt-get install pgbouncer")
    directory = Path(tempfile.mkdtemp(prefix="bench-pgbouncer-"))
    (directory / "users.txt").write_text('"postgres" ""\n')
    (directory / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={HOST} port=5432\n"
        "[pgbouncer]\n"
        f"listen_addr = {HOST}\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {directory / 'users.txt'}\n"
        "pool_mode = transaction\n"
        "max_client_conn = 500\n"
        "default_pool_size = 20\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
        "log_connections = 0\n"
        "log_disconnections = 0\n"
        "log_stats = 0\n"
    )
    directory.chmod(0o755)
    command = [binary, str(directory / "pgbouncer.ini")]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "postgres"]  # PgBouncer's own switch, so that we wait for PgBouncer itself
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)  # noqa: S603
    for _ in range(40):
        if process.poll() is not None:
            raise SystemExit("PgBouncer не запустился")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return process, directory
        except OSError:
            time.sleep(0.25)
    raise SystemExit("PgBouncer не запустился")


def shared_session_check(own_ports: list[int]) -> dict:
    """Log in through the first instance, then read a page that needs the log-in through every
    other instance with the same cookie: the session (database) and the cache (Redis) are shared,
    so it must answer 200, not a redirect to the log-in form."""
    cookie = login(own_ports[0], "bench-staff")
    statuses = {port: request(port, "GET", "/", {"Cookie": cookie})[0] for port in own_ports}
    return {"login_port": own_ports[0], "statuses": statuses, "ok": set(statuses.values()) == {200}}


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def verdicts(result: dict) -> None:
    floor = result["pages"]["floor"]
    for name, row in result["pages"].items():
        row["median_x_floor"] = row["median_ms"] / floor["median_ms"]
        row["p95_x_floor"] = row["p95_ms"] / floor["p95_ms"]
        row["throughput_share_of_floor"] = row["throughput_rps"] / floor["throughput_rps"]
        if name != "floor":
            row["meets"] = (
                row["median_ms"] < PAGE_MEDIAN_MS
                and row["p95_ms"] < PAGE_P95_MS
                and row["throughput_share_of_floor"] >= PAGE_THROUGHPUT_SHARE
                and row["statuses"] == [200]
            )
    pdf_floor = result["floors"]["pdf"]
    xlsx_floor = result["floors"]["xlsx"]
    for name, row in result["documents"].items():
        memory = row.get("memory", {})
        if row["kind"] in ("pdf", "annual") and "median" in pdf_floor:
            row["median_x_floor"] = row["median_ms"] / 1000 / pdf_floor["median"]
        if row["kind"] == "xlsx" and "xlsx_seconds" in xlsx_floor:
            row["median_x_floor"] = row["median_ms"] / 1000 / xlsx_floor["xlsx_seconds"]
            row["floor_rows"] = xlsx_floor["rows"]
        peak = memory.get("peak_rss_mb")
        ok = row["statuses"] == [200]
        if name == "passport PDF":
            ok = ok and row["median_ms"] < PASSPORT_MEDIAN_S * 1000 and peak is not None and peak < PASSPORT_PEAK_MB
        elif row["kind"] == "annual":
            ok = ok and row["median_ms"] < ANNUAL_S * 1000
        elif row["kind"] == "xlsx":
            ok = ok and row.get("median_x_floor", 99) <= XLSX_RATIO and peak is not None and peak < XLSX_PEAK_MB
        else:
            ok = None  # no target of its own; reported against the floor
        row["meets"] = ok


def table(result: dict) -> str:
    servers = result.get("servers", {})
    quota = servers.get("cpu_quota")
    quota_text = f"; each instance limited to {quota:g} CPU (cgroup)" if quota else ""
    lines = [
        f"servers: {servers.get('instances', 1)} gunicorn instance(s) × 2 workers on one port; "
        f"cache: {'Redis' if servers.get('redis_url') else 'local memory'}; "
        f"PgBouncer: {'yes' if servers.get('pgbouncer') else 'no'}; page clients: {servers.get('concurrency')}"
        f"{'; instance i pinned to core i' if servers.get('pinned') else ''}"
        f"{quota_text}",
        f"{'':32} {'n':>4} {'median ms':>10} {'p95 ms':>9} {'req/s':>7} {'×floor med':>10} {'thr/floor':>9} "
        f"{'queries':>7} {'peak MB':>8} target",
    ]
    queries = result.get("queries", {})
    for name, row in result["pages"].items():
        q = queries.get(name, {}).get("queries", "")
        lines.append(
            f"{name:32} {row['requests']:>4} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} "
            f"{row['throughput_rps']:>7.1f} {row['median_x_floor']:>10.2f} {row['throughput_share_of_floor']:>9.2f} "
            f"{q!s:>7} {'':>8} {'' if name == 'floor' else ('ok' if row['meets'] else 'MISSED')}"
        )
    for name, row in result["documents"].items():
        memory = row.get("memory", {})
        peak = memory.get("peak_rss_mb")
        verdict = {True: "ok", False: "MISSED", None: "—"}[row["meets"]]
        lines.append(
            f"{name:32} {row['requests']:>4} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} "
            f"{row['throughput_rps']:>7.2f} {row.get('median_x_floor', float('nan')):>10.2f} {'':>9} {'':>7} "
            f"{peak if peak is None else round(peak):>8} {verdict}"
        )
    floors = result["floors"]
    pdf, xlsx = floors["pdf"], floors["xlsx"]
    if "median" in pdf:
        lines.append(f"floor: WeasyPrint one-line page, in-process: median {pdf['median'] * 1000:.1f} ms")
    if "xlsx_seconds" in xlsx:
        lines.append(
            f"floor: openpyxl write-only, {xlsx['rows']} rows from memory: {xlsx['xlsx_seconds']:.2f} s; "
            f"CSV of the same rows: {xlsx['csv_seconds']:.2f} s"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["region", "district"], default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="lean_portal_bench")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: a free one)")
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients for pages")
    parser.add_argument("--document-requests", type=int, default=10, help="requests per PDF")
    parser.add_argument("--export-requests", type=int, default=3, help="requests of the .xlsx and the annual report")
    parser.add_argument("--budget", type=float, default=60, help="seconds per row at most (0: no limit)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database and its data")
    parser.add_argument(
        "--only", help="measure only the rows whose name contains this text (several: separated by commas)"
    )
    parser.add_argument("--instances", type=int, default=1, help="gunicorn instances on the one port (SO_REUSEPORT)")
    parser.add_argument("--redis-url", default="", help="REDIS_URL of the shared cache, e.g. redis://127.0.0.1:6379/12")
    parser.add_argument(
        "--pgbouncer", action="store_true", help="PgBouncer (transaction mode) between gunicorn and PostgreSQL"
    )
    parser.add_argument(
        "--pin", action="store_true", help="pin instance i to core i (taskset): one core stands for one app server"
    )
    parser.add_argument("--warmup", type=int, default=20, help="uncounted requests per page before the count")
    parser.add_argument("--pages-only", action="store_true", help="no documents, no in-process measurements")
    parser.add_argument(
        "--cpu-quota",
        type=float,
        default=0,
        help="CPUs each instance may use in all (a cgroup per instance, needs root), e.g. 0.5",
    )
    args = parser.parse_args()

    RESULTS.mkdir(parents=True, exist_ok=True)
    if not args.port:
        args.port = free_port()
    env = environment(args.database, args.port)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    result: dict = {
        "scale": args.scale,
        "seed": args.seed,
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()},
        "servers": {
            "instances": args.instances,
            "workers_each": 2,
            "redis_url": args.redis_url or None,
            "pgbouncer": args.pgbouncer,
            "pinned": args.pin,
            "cpu_quota": args.cpu_quota or None,
            "concurrency": args.concurrency,
            "requests": args.requests,
            "warmup": args.warmup,
        },
    }
    result["setup"] = prepare_database(args, env)
    result["counts"] = {
        table_name: sql(args.database, f"SELECT count(*) FROM {table_name}")[0][0]  # noqa: S608 — fixed names
        for table_name in (
            "orgs_municipality",
            "orgs_organisation",
            "orgs_employee",
            "projects_project",
            "projects_teammember",
            "projects_goal",
            "reporting_quarterlyreport",
            "reporting_reportproject",
            "reporting_goalactual",
            "registries_suggestion",
            "registries_training",
            "scoring_assessment",
            "registries_surveyanswer",
        )
    }
    manage(env, "collectstatic", "--noinput", "-v0")
    plan = targets(args, args.database, env)
    only = [part.strip() for part in args.only.split(",")] if args.only else []
    wanted = (lambda name: name == "floor" or any(part in name for part in only)) if only else (lambda name: True)
    if args.pages_only:
        plan["documents"] = []

    bouncer = None
    if args.pgbouncer:
        bouncer_port = free_port()
        bouncer = start_pgbouncer(bouncer_port)
        env.update(
            DATABASE_URL=f"postgres://postgres@{HOST}:{bouncer_port}/{args.database}",
            DATABASE_PGBOUNCER="1",
        )
    own_ports = [free_port() for _ in range(args.instances)] if args.instances > 1 else [None]
    servers, cgroups = [], []
    try:
        for index, own_port in enumerate(own_ports):
            cpu = index % (os.cpu_count() or 1) if args.pin else None
            if args.cpu_quota:
                cgroups.append(cpu_cgroup(f"lean-bench-{os.getpid()}-{index}", args.cpu_quota))
            servers.append(start_gunicorn(env, args.port, own_port, cpu, cgroups[-1] if cgroups else None))
        if args.instances > 1:
            result["shared_session"] = shared_session_check(own_ports)
            log(f"вход через один экземпляр действует на других: {result['shared_session']}")
        run_measurements(args, plan, wanted, result)
    finally:
        for server in servers:
            stop(server)
        for group in cgroups:
            group.rmdir()
        if bouncer:
            stop(bouncer[0])
            shutil.rmtree(bouncer[1], ignore_errors=True)
    result["machine"]["load_after"] = os.getloadavg()

    if args.pages_only:
        result["floors"] = {"pdf": {}, "xlsx": {}}
    else:
        log("число запросов к базе на страницу")
        result["queries"] = inproc(env, "queries", json.dumps([p for p in plan["pages"] if wanted(p[0])]))
        for name, path, user, _ in plan["documents"]:
            if name in result["documents"]:
                log(f"память: {name}")
                result["documents"][name]["memory"] = inproc(env, "export", path, user)
        log("полы: WeasyPrint, openpyxl, CSV")
        result["floors"] = {
            "pdf": inproc(env, "floor-pdf"),
            "xlsx": inproc(env, "floor-xlsx", *map(str, plan["period"])),
        }
    verdicts(result)
    text = table(result)
    print(text)
    result["table"] = text
    log(f"записано: {save(result, args.scale)}")


def run_measurements(args, plan: dict, wanted, result: dict) -> None:
    """Pages, then documents, through the port all instances share; saved after every row."""
    users = sorted({row[2] for row in plan["pages"] + plan["documents"] if wanted(row[0])})
    sessions = {user: login(args.port, user, args.database) for user in users}
    result["pages"] = {}
    for name, path, user in plan["pages"]:
        if not wanted(name):
            continue
        log(f"{name}: {path}")
        result["pages"][name] = measure(
            args.port, path, sessions[user], args.requests, args.concurrency, args.budget, args.warmup
        )
        save(result, args.scale, partial=True)
    result["documents"] = {}
    for name, path, user, kind in plan["documents"]:
        if not wanted(name):
            continue
        count = args.document_requests if kind == "pdf" else args.export_requests
        log(f"{name}: {path}")
        row = measure(args.port, path, sessions[user], count, 2 if kind == "pdf" else 1)
        row["kind"] = kind
        result["documents"][name] = row
        save(result, args.scale, partial=True)


def save(result: dict, scale: str, partial: bool = False) -> Path:
    """The run as JSON; a partial file is rewritten after every row, so an interrupted run keeps its figures.

    A run with several instances, Redis or PgBouncer is named after them (``district-x2-redis-pgbouncer-…``),
    so it never replaces the plain run's ``latest-<scale>.json``."""
    servers = result.get("servers", {})
    label = [f"x{servers['instances']}"] if servers.get("instances", 1) > 1 else []
    label += ["redis"] if servers.get("redis_url") else []
    label += ["pgbouncer"] if servers.get("pgbouncer") else []
    label += ["pinned"] if servers.get("pinned") else []
    label += [f"cpu{servers['cpu_quota']:g}"] if servers.get("cpu_quota") else []
    scale = "-".join([scale, *label])
    if partial:
        path = RESULTS / f"partial-{scale}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return path
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{scale}-{stamp}.json"
    for target in (path, RESULTS / f"latest-{scale}.json"):
        target.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    return path


if __name__ == "__main__":
    sys.exit(main())
