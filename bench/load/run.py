"""Load and fault run of the portal: gunicorn + PostgreSQL on loopback, simulated users.

    .venv/bin/python bench/load/run.py --users 50 --seconds 60
    .venv/bin/python bench/load/run.py --users 50 --seconds 40 --fault

The run creates its own PostgreSQL database (``lean_portal_load`` by default), migrates
it, loads the demo district, adds one staff account per simulated user, collects the
static files into a temporary directory and starts ``gunicorn lean_portal.wsgi`` with
production settings (DEBUG off) on a free port of 127.0.0.1. Each simulated user logs in
like a browser (GET the form, POST the CSRF token with the cookie), then reads pages
(home, project registry, a project page, the plan dashboard) and files improvement
suggestions through the ordinary form, without pauses, until the time or the request
budget runs out. Afterwards every suggestion the portal confirmed (302 to its page) is
looked up in the database: ``lost writes`` are confirmed ones that are missing, and every
suggestion found must be whole (its authors, its «подано» log entry, its history row).

``--fault`` stops PostgreSQL in the middle of the load, keeps it down for
``--down-seconds`` and starts it again (announced to others on the machine by the file
``lean-portal-pg-restart-running`` in the temporary directory while it lasts). A fault
run whose fault did not happen (skipped because others were connected, or the restart
failed) fails with a message saying so, whatever the load's figures. While it is down the portal must answer
503 with the Russian page «База данных временно недоступна» (no stack trace, no hang);
when it is back the portal must recover by itself. The recovery time is measured from
PostgreSQL accepting connections again to the first successful request.

Everything stops by itself (bounded time and requests), traffic goes to 127.0.0.1 only,
gunicorn is stopped and the database dropped at the end (``--keep-db`` keeps it).
Not part of the test suite. Results are printed and written as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # the only address this script ever sends traffic to
PG_FLAG = Path(tempfile.gettempdir()) / "lean-portal-pg-restart-running"
DB_OUTAGE_TEXT = "База данных временно недоступна"
REQUEST_TIMEOUT = 30.0
ERROR_PAUSE = 1.0  # seconds a user waits after an error page before the next request

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT_RE = re.compile(r'href="/projects/(\d+)/"')
AUTHORS_RE = re.compile(r'<select name="authors"[^>]*>(.*?)</select>', re.S)
OPTION_RE = re.compile(r'<option value="(\d+)"([^>]*)>')
CREATED_RE = re.compile(r"^/registries/suggestions/(\d+)/$")

LAST_NAMES = ["Андреева", "Белов", "Волков", "Григорьева", "Дмитриев", "Егорова", "Жуков", "Зимина", "Ильин", "Комаров"]
# (first name, patronymic) for women and for men; with the ten surnames: 100 distinct people.
FEMALE = [
    ("Анна", "Сергеевна"),
    ("Юлия", "Олеговна"),
    ("Мария", "Павловна"),
    ("Елена", "Игоревна"),
    ("Ольга", "Николаевна"),
    ("Ирина", "Алексеевна"),
    ("Светлана", "Юрьевна"),
    ("Татьяна", "Петровна"),
    ("Наталья", "Викторовна"),
    ("Ксения", "Андреевна"),
]
MALE = [
    ("Павел", "Игоревич"),
    ("Роман", "Викторович"),
    ("Денис", "Сергеевич"),
    ("Артём", "Олегович"),
    ("Сергей", "Павлович"),
    ("Иван", "Николаевич"),
    ("Никита", "Андреевич"),
    ("Михаил", "Юрьевич"),
    ("Алексей", "Петрович"),
    ("Кирилл", "Алексеевич"),
]
MAX_USERS = len(LAST_NAMES) * len(FEMALE)


# --- the portal under load ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def pg_admin_connect(dbname: str = "postgres"):
    import psycopg2

    return psycopg2.connect(host=HOST, port=5432, user="postgres", dbname=dbname, connect_timeout=3)


def create_database(name: str) -> None:
    conn = pg_admin_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(name: str) -> None:
    conn = pg_admin_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def prepare_portal(args, env: dict[str, str], password: str) -> list[str]:
    """Migrate, load the demo district, add the load accounts; returns their user names."""
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "lean_portal.settings"
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from orgs.models import Employee, Organisation, User
    from projects.models import Project

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    if not (Path(env["DJANGO_STATIC_ROOT"]) / "staticfiles.json").is_file():
        call_command("collectstatic", interactive=False, verbosity=0)
    # Users sit in organisations that have projects, so each of them has a project page to read.
    with_projects = set(Project.objects.values_list("organisation_id", flat=True))
    organisations = list(
        Organisation.objects.filter(is_economy_office=False, pk__in=with_projects).order_by("pk")
    ) or list(Organisation.objects.filter(is_economy_office=False).order_by("pk"))
    hashed = make_password(password)  # one hash for all: 50 × PBKDF2 would take longer than the run
    usernames = []
    with transaction.atomic():
        for index in range(args.users):
            last = LAST_NAMES[index % len(LAST_NAMES)]
            first, middle = (FEMALE if last.endswith("а") else MALE)[index // len(LAST_NAMES)]
            employee, _ = Employee.objects.get_or_create(
                organisation=organisations[index % len(organisations)],
                last_name=last,
                first_name=first,
                middle_name=middle,
                defaults={"position": "Ведущий специалист"},
            )
            username = f"load{index + 1:02d}"
            User.objects.update_or_create(
                username=username,
                defaults={
                    "role": User.Role.STAFF,
                    "employee": employee,
                    "password": hashed,
                    "first_name": first,
                    "last_name": last,
                },
            )
            usernames.append(username)
    close_django_connections()
    return usernames


def static_root() -> Path:
    """A collected static root reused while the static sources are unchanged.

    Production settings need the hashed manifest; collecting and compressing takes
    most of a minute, so the result is cached in /tmp, keyed by the sources' names,
    sizes and modification times.
    """
    digest = hashlib.sha1(usedforsecurity=False)
    for directory in sorted([REPO / "static", *REPO.glob("*/static")]):
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path.relative_to(REPO)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return Path(tempfile.gettempdir()) / f"lean-portal-load-static-{digest.hexdigest()[:12]}"


def close_django_connections() -> None:
    from django.db import connections

    connections.close_all()


def start_gunicorn(args, env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
        [
            str(REPO / ".venv/bin/gunicorn"),
            "lean_portal.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
        ],
        cwd=REPO,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": args.settings},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log_path}")
        try:
            status, _, _ = http_request(port, "GET", "/healthz", {}, timeout=2)
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit(f"gunicorn did not answer /healthz within 30 s; see {log_path}")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown of its own workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


# --- HTTP like a browser --------------------------------------------------------------------


def http_request(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None, timeout=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout or REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, response.headers, data
    finally:
        conn.close()


@dataclass
class Sample:
    kind: str
    started: float
    ended: float
    status: int | None  # None: no HTTP answer (see error)
    error: str = ""  # exception class, or a label for a wrong answer
    db_page: bool = False  # the 503 page of a database outage
    traceback: bool = False  # a stack trace leaked into the page


@dataclass
class Shared:
    port: int
    deadline: float
    max_requests: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[Sample] = field(default_factory=list)
    confirmed: dict[int, list[int]] = field(default_factory=dict)  # suggestion pk -> author pks
    sent_requests: int = 0

    def budget_left(self) -> bool:
        with self.lock:
            if time.monotonic() >= self.deadline or self.sent_requests >= self.max_requests:
                return False
            self.sent_requests += 1
            return True


class Browser:
    """One simulated user: its cookies, its CSRF token, the projects it has seen."""

    def __init__(self, shared: Shared, username: str, password: str, tag: str, seed: int, think: float = 0):
        self.think = think
        self.shared = shared
        self.username = username
        self.password = password
        self.tag = tag
        self.cookies: dict[str, str] = {}
        self.projects: list[str] = []
        self.random = random.Random(seed)  # noqa: S311 - traffic mix, not security
        self.filed = 0
        self.logged_in = False
        self.saw_error = False

    def request(self, kind: str, method: str, path: str, form: dict | list | None = None):
        """One request, recorded; returns (status, headers, text) or None without an answer."""
        headers = {"User-Agent": "lean-portal-load/1", "Accept-Language": "ru"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.shared.port}"
            headers["Referer"] = f"http://{HOST}:{self.shared.port}{path}"
        started = time.monotonic()
        try:
            status, response_headers, data = http_request(self.shared.port, method, path, headers, body)
        except (OSError, http.client.HTTPException) as exc:
            self._record(Sample(kind, started, time.monotonic(), None, type(exc).__name__))
            self.saw_error = True
            return None
        ended = time.monotonic()
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        text = data.decode("utf-8", "replace")
        sample = Sample(kind, started, ended, status)
        if status >= 500:
            self.saw_error = True
            sample.db_page = DB_OUTAGE_TEXT in text
            sample.traceback = "Traceback" in text or "psycopg2" in text
        location = response_headers.get("Location", "")
        if status == 302 and location.startswith("/login/") and kind != "login":
            sample.error = "logged-out"
            self.logged_in = False
        self._record(sample)
        return status, response_headers, text

    def _record(self, sample: Sample) -> None:
        with self.shared.lock:
            self.shared.samples.append(sample)

    def login(self) -> bool:
        answer = self.request("login-form", "GET", "/login/")
        if not answer or answer[0] != 200:
            return False
        token = CSRF_RE.search(answer[2])
        if not token:
            return False
        if not self.shared.budget_left():
            return False
        answer = self.request(
            "login",
            "POST",
            "/login/",
            {"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": self.password, "next": ""},
        )
        self.logged_in = bool(answer and answer[0] == 302 and answer[1].get("Location") == "/")
        return self.logged_in

    def read(self, kind: str, path: str) -> None:
        answer = self.request(kind, "GET", path)
        if answer and answer[0] == 200 and kind == "registry":
            self.projects = PROJECT_RE.findall(answer[2])[:20] or self.projects

    def file_suggestion(self) -> None:
        answer = self.request("suggestion-form", "GET", "/registries/suggestions/new/")
        if not answer or answer[0] != 200:
            return
        token = CSRF_RE.search(answer[2])
        select = AUTHORS_RE.search(answer[2])
        if not token or not select:
            with self.shared.lock:
                self.shared.samples[-1].error = "form-without-token-or-authors"
            return
        options = OPTION_RE.findall(select.group(1))
        authors = [value for value, attrs in options if "selected" in attrs] or [options[0][0]]
        if len(options) > 1 and self.random.random() < 0.5:
            authors = sorted({*authors, self.random.choice(options)[0]})
        if not self.shared.budget_left():
            return
        self.filed += 1
        number = f"{self.tag} {self.username} №{self.filed}"
        answer = self.request(
            "suggestion-post",
            "POST",
            "/registries/suggestions/new/",
            [
                ("csrfmiddlewaretoken", token.group(1)),
                ("title", f"Нагрузочный прогон {number}"),
                ("problem", "Заявления переписываются вручную из журнала в таблицу, уходит час в день."),
                ("solution", "Вести журнал сразу в общей таблице с проверкой обязательных полей."),
                ("expected_effect", "Экономия 5 часов в неделю, меньше ошибок при переносе."),
                ("submitted_on", ""),
                *[("authors", author) for author in authors],
            ],
        )
        if answer and answer[0] == 302:
            created = CREATED_RE.match(answer[1].get("Location", ""))
            if created:
                with self.shared.lock:
                    self.shared.confirmed[int(created.group(1))] = sorted(int(a) for a in authors)
                return
        if answer and answer[0] == 200:
            with self.shared.lock:
                self.shared.samples[-1].error = "form-rejected"

    def run(self, ramp_delay: float) -> None:
        time.sleep(ramp_delay)
        actions = [
            ("home", 25),
            ("registry", 20),
            ("project", 20),
            ("plan", 15),
            ("file", 20),
        ]
        names, weights = zip(*actions, strict=True)
        while self.shared.budget_left():
            if self.saw_error:
                # A person reads the error page before trying again.
                self.saw_error = False
                time.sleep(ERROR_PAUSE)
            elif self.think:
                time.sleep(self.random.uniform(0, 2 * self.think))
            if not self.logged_in:
                if not self.login():
                    self.saw_error = True  # pause before the next attempt
                continue
            action = self.random.choices(names, weights)[0]
            if action == "home":
                self.read("home", "/")
            elif action == "registry" or (action == "project" and not self.projects):
                self.read("registry", "/projects/")
            elif action == "project":
                self.read("project", f"/projects/{self.random.choice(self.projects)}/")
            elif action == "plan":
                self.read("plan", "/plan/")
            else:
                self.file_suggestion()


# --- the fault ----------------------------------------------------------------------------


def other_clients(own_db: str) -> list[str]:
    conn = pg_admin_connect()
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT datname, count(*) FROM pg_stat_activity "
                "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
                "AND datname IS NOT NULL AND datname <> %s GROUP BY datname",
                [own_db],
            )
            return [f"{name} ({count})" for name, count in cur.fetchall()]
    finally:
        conn.close()


def portal_connections(database: str) -> dict:
    """The portal's open connections: with CONN_MAX_AGE they outlive single requests."""
    conn = pg_admin_connect()
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT count(*), coalesce(max(extract(epoch FROM now() - backend_start)), 0) "
                "FROM pg_stat_activity WHERE datname = %s",
                [database],
            )
            count, oldest = cur.fetchone()
            return {"open": count, "oldest_age_s": round(float(oldest), 1)}
    finally:
        conn.close()


def stale_connection_check(browser: Browser, database: str, requests: int) -> dict:
    """Kill the portal's persistent connections behind its back, then use it at once.

    What a restart of PostgreSQL does to an idle portal, but confined to the load
    database, so nobody else's connections are touched. With CONN_MAX_AGE each gunicorn
    worker keeps its connection between requests; CONN_HEALTH_CHECKS must notice that
    it is dead and reconnect, so not a single request may fail.
    """
    if not browser.logged_in:
        browser.login()
    browser.request("stale-check", "GET", "/")  # every worker likely holds a connection now
    before = portal_connections(database)
    conn = pg_admin_connect()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        terminated = cur.fetchone()[0]
    conn.close()
    statuses = []
    for _ in range(requests):
        answer = browser.request("stale-check", "GET", "/")
        statuses.append(answer[0] if answer else None)
    return {
        "connections_before": before,
        "terminated": terminated,
        "statuses": dict(Counter(str(s) for s in statuses)),
        "all_ok": all(s == 200 for s in statuses),
    }


def pg_ctl(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(  # noqa: S603 - fixed argument list, no shell
        ["/usr/bin/pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        timeout=60,
    )


def pg_accepting() -> bool:
    try:
        pg_admin_connect().close()
        return True
    except Exception:  # any failure means "not yet"
        return False


def restart_postgres(fault: dict, start_at: float, down_seconds: float, database: str, force: bool) -> None:
    """The fault thread: whatever goes wrong is recorded in ``fault["error"]`` (a thread's
    exception would otherwise vanish and leave a run that merely looks faultless)."""
    try:
        _restart_postgres(fault, start_at, down_seconds, database, force)
    except BaseException as exc:
        fault["error"] = f"{type(exc).__name__}: {exc}"


def _restart_postgres(fault: dict, start_at: float, down_seconds: float, database: str, force: bool) -> None:
    time.sleep(max(0.0, start_at - time.monotonic()))
    fault["portal_connections"] = portal_connections(database)
    busy = other_clients(database)
    if busy and not force:
        fault["skipped"] = f"other PostgreSQL clients connected: {', '.join(busy)}"
        return
    PG_FLAG.write_text(f"bench/load/run.py pid {os.getpid()}: PostgreSQL restart in progress\n")
    try:
        fault["stop_begin"] = time.monotonic()
        pg_ctl("stop")
        fault["stopped"] = time.monotonic()
        time.sleep(down_seconds)
        fault["start_begin"] = time.monotonic()
        try:
            pg_ctl("start")
        finally:
            deadline = time.monotonic() + 60
            while not pg_accepting() and time.monotonic() < deadline:
                time.sleep(0.05)
            fault["accepting"] = time.monotonic()
    finally:
        if not pg_accepting():
            pg_ctl("start")  # never leave the team's server down
        PG_FLAG.unlink(missing_ok=True)


def fault_missing(fault: dict, thread_alive: bool) -> str | None:
    """Why the fault did not happen as planned, or None when PostgreSQL was stopped and
    accepted connections again."""
    if thread_alive:
        return "the restart of PostgreSQL had not finished when the load ended"
    if "error" in fault:
        return f"the restart of PostgreSQL failed: {fault['error']}"
    if "skipped" in fault:
        return f"the restart was skipped: {fault['skipped']}"
    if not {"stop_begin", "stopped", "start_begin", "accepting"} <= fault.keys():
        return "PostgreSQL was not stopped and started"
    return None


# --- the figures ------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(value: float | None) -> float | None:
    return None if value is None else round(value * 1000, 1)


def summarise(shared: Shared, started: float, fault: dict | None) -> dict:
    samples = shared.samples
    ok = [s for s in samples if s.status is not None and s.status < 400 and not s.error]
    errors: Counter[str] = Counter()
    for s in samples:
        if s.status is None:
            errors[f"no answer ({s.error})"] += 1
        elif s.status >= 500:
            errors[f"{s.status} {'database page' if s.db_page else 'other page'}"] += 1
        elif s.status >= 400:
            errors[f"{s.status}"] += 1
        elif s.error:
            errors[s.error] += 1
    by_kind = defaultdict(list)
    for s in ok:
        by_kind[s.kind].append(s.ended - s.started)
    elapsed = max((s.ended for s in samples), default=started) - started
    result = {
        "requests": len(samples),
        "elapsed_s": round(elapsed, 1),
        "throughput_rps": round(len(samples) / elapsed, 1) if elapsed else None,
        "successful": len(ok),
        "errors": dict(errors),
        "5xx": sum(1 for s in samples if s.status is not None and s.status >= 500),
        "5xx_without_database_page": sum(
            1 for s in samples if s.status is not None and s.status >= 500 and not s.db_page
        ),
        "stack_traces_shown": sum(1 for s in samples if s.traceback),
        "p50_ms": ms(statistics.median([s.ended - s.started for s in ok]) if ok else None),
        "p95_ms": ms(percentile([s.ended - s.started for s in ok], 95)),
        "max_ms": ms(max((s.ended - s.started for s in ok), default=None)),
        "by_kind": {
            kind: {"n": len(v), "p50_ms": ms(statistics.median(v)), "p95_ms": ms(percentile(v, 95))}
            for kind, v in sorted(by_kind.items())
        },
    }
    if fault and "skipped" in fault:
        result["fault"] = {"skipped": fault["skipped"]}
    if fault and "accepting" in fault:
        accepting = fault["accepting"]
        failed = [s for s in samples if s.status is None or s.status >= 500]
        successes_after = [s.ended for s in ok if s.ended >= accepting and s.kind not in ("login-form",)]
        failures_after = [s.ended for s in failed if s.ended >= accepting]
        during = [s for s in failed if fault["stop_begin"] <= s.started <= accepting]
        failed_durations = [s.ended - s.started for s in during]
        result["fault"] = {
            "stop_after_s": round(fault["stop_begin"] - started, 1),
            "stop_took_s": round(fault["stopped"] - fault["stop_begin"], 2),
            "down_s": round(accepting - fault["stopped"], 2),
            "start_to_accepting_s": round(accepting - fault["start_begin"], 2),
            "failed_requests_during_outage": len(during),
            "failed_request_p50_ms": ms(statistics.median(failed_durations) if failed_durations else None),
            "failed_request_p95_ms": ms(percentile(failed_durations, 95)),
            "failed_request_max_ms": ms(max(failed_durations, default=None)),
            "portal_connections_before_stop": fault.get("portal_connections"),
            "recovery_s": round(min(successes_after) - accepting, 3) if successes_after else None,
            "last_failure_after_accepting_s": round(max(failures_after) - accepting, 3) if failures_after else None,
        }
    return result


def check_writes(shared: Shared, tag: str) -> dict:
    """Count what the portal confirmed against what the database holds."""
    from django.db.models import Count

    from registries.models import Suggestion, SuggestionTransition

    close_django_connections()  # the connection from before a restart is dead
    found = {
        row["pk"]: row["n_authors"]
        for row in Suggestion.objects.filter(title__startswith=f"Нагрузочный прогон {tag} ")
        .annotate(n_authors=Count("authors"))
        .values("pk", "n_authors")
    }
    authors = defaultdict(set)
    for pk, author in Suggestion.authors.through.objects.filter(suggestion_id__in=found).values_list(
        "suggestion_id", "employee_id"
    ):
        authors[pk].add(author)
    logged = set(SuggestionTransition.objects.filter(suggestion_id__in=found).values_list("suggestion_id", flat=True))
    with_history = set(Suggestion.history.filter(id__in=found).values_list("id", flat=True))
    lost = sorted(set(shared.confirmed) - set(found))
    half_written = sorted(
        pk
        for pk in found
        if not authors[pk]
        or pk not in logged
        or pk not in with_history
        or (pk in shared.confirmed and sorted(authors[pk]) != shared.confirmed[pk])
    )
    return {
        "submitted_confirmed": len(shared.confirmed),
        "found_in_database": len(found),
        "lost_writes": len(lost),
        "lost_pks": lost[:20],
        "saved_without_confirmation": len(set(found) - set(shared.confirmed)),
        "half_written": len(half_written),
        "half_written_pks": half_written[:20],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60, help="length of the load (default 60)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="request budget of the whole run")
    parser.add_argument("--ramp", type=float, default=5, help="users start spread over this many seconds")
    parser.add_argument(
        "--think", type=float, default=0, help="mean pause between a user's requests, s (default 0: no pause)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--database", default="lean_portal_load")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the load database afterwards")
    parser.add_argument("--fault", action="store_true", help="stop and start PostgreSQL in the middle of the load")
    parser.add_argument("--fault-at", type=float, default=None, help="seconds into the load (default: middle)")
    parser.add_argument("--down-seconds", type=float, default=3, help="how long PostgreSQL stays down (default 3)")
    parser.add_argument(
        "--wait-idle", type=float, default=120, help="before a fault, wait this long for other clients to disconnect"
    )
    parser.add_argument(
        "--settings",
        default="lean_portal.settings",
        help="settings module of gunicorn (e.g. an experiment that switches CONN_HEALTH_CHECKS off)",
    )
    parser.add_argument("--force", action="store_true", help="restart even if other clients stay connected")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS:
        parser.error(f"--users must be between 1 and {MAX_USERS}")

    if not pg_accepting():
        raise SystemExit("PostgreSQL does not accept connections on 127.0.0.1:5432.")
    if args.fault and PG_FLAG.exists():
        raise SystemExit(f"{PG_FLAG} exists: someone else is restarting PostgreSQL right now.")

    work = Path(tempfile.mkdtemp(prefix="lean-portal-load-"))
    tag = secrets.token_hex(3)
    password = secrets.token_urlsafe(12)
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "PORTAL_BASE_URL": f"http://{HOST}",
        "DJANGO_PROXY_COUNT": "0",
        "DJANGO_DEMO_DATA": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{args.database}",
        "DJANGO_STATIC_ROOT": str(static_root()),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
    }
    gunicorn = None
    try:
        print(f"preparing database {args.database} (migrate, demo data, {args.users} accounts)…", flush=True)
        create_database(args.database)
        usernames = prepare_portal(args, env, password)
        port = free_port()
        gunicorn = start_gunicorn(args, env, port, work / "gunicorn.log")
        print(
            f"gunicorn: {args.workers} workers on {HOST}:{port}; load {args.seconds:g} s, {args.users} users",
            flush=True,
        )

        fault: dict = {}
        fault_thread = None
        if args.fault:
            deadline = time.monotonic() + args.wait_idle
            while (busy := other_clients(args.database)) and time.monotonic() < deadline:
                print(f"waiting for other PostgreSQL clients to finish: {', '.join(busy)}", flush=True)
                time.sleep(10)
            if busy and not args.force:
                raise SystemExit(
                    f"Other PostgreSQL clients are still connected ({', '.join(busy)}); not restarting "
                    "the server under them. Try again later, or pass --force."
                )

        started = time.monotonic()
        shared = Shared(port=port, deadline=started + args.seconds, max_requests=args.max_requests)
        browsers = [Browser(shared, name, password, tag, seed=i, think=args.think) for i, name in enumerate(usernames)]
        threads = [
            threading.Thread(target=b.run, args=(args.ramp * i / max(1, len(browsers)),), daemon=True)
            for i, b in enumerate(browsers)
        ]
        if args.fault:
            fault_at = started + (args.fault_at if args.fault_at is not None else args.seconds / 2)
            fault_thread = threading.Thread(
                target=restart_postgres, args=(fault, fault_at, args.down_seconds, args.database, args.force)
            )
            fault_thread.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.0, shared.deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
        if fault_thread:
            fault_thread.join(timeout=120)
        missing = fault_missing(fault, fault_thread.is_alive()) if fault_thread else None
        figures = summarise(shared, started, fault if args.fault else None)
        stale = stale_connection_check(browsers[0], args.database, requests=3 * args.workers)
        stop_gunicorn(gunicorn)

        result = {
            "mode": "fault" if args.fault else "load",
            "users": args.users,
            "seconds": args.seconds,
            "workers": args.workers,
            "think_s": args.think,
            **figures,
            **({"fault_not_happened": missing} if missing else {}),
            "stale_connection_check": stale,
            "writes": check_writes(shared, tag),
        }
        log = (work / "gunicorn.log").read_text(errors="replace")
        result["gunicorn_worker_timeouts"] = log.count("WORKER TIMEOUT")
        result["logged_500"] = log.count("Internal Server Error:")
        result["logged_503"] = log.count("Service Unavailable:")
        print(json.dumps(result, ensure_ascii=False, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        failed = (
            result["writes"]["lost_writes"]
            or result["writes"]["half_written"]
            or result["stack_traces_shown"]
            or result["logged_500"]
            or not stale["all_ok"]
        )
        if args.fault:
            fault_figures = result.get("fault", {})
            failed = failed or result["5xx_without_database_page"] or fault_figures.get("recovery_s") is None
        else:
            failed = failed or result["5xx"]
        if missing:
            print(f"FAILED: --fault was asked for, but no fault happened: {missing}.", file=sys.stderr, flush=True)
            return 2
        if failed:
            kept = Path(tempfile.gettempdir()) / f"lean-portal-load-{tag}-gunicorn.log"
            shutil.copy(work / "gunicorn.log", kept)
            print(f"FAILED; gunicorn log kept in {kept}", flush=True)
        return 1 if failed else 0
    finally:
        if gunicorn is not None:
            stop_gunicorn(gunicorn)
        with contextlib.suppress(Exception):  # Django is not set up if preparation failed early
            close_django_connections()
        if not args.keep_db:
            drop_database(args.database)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
