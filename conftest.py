"""Fixtures shared by every app's tests.

The demo-like people: ``department`` (staff of a structural unit with a
subordinate ``school``), ``colleague`` (another member of the same unit),
``director`` (head of the unit), ``economy`` (the economic development office),
``outsider`` (staff of an unrelated organisation) and ``admin``.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings

from lean_portal import pdf
from orgs.models import Municipality, Organisation, User
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _empty_shared_cache():
    """With ``REDIS_URL`` (``make test-redis``) the suite runs on the Redis cache: start it empty,
    so that a rate limit or a session left by an earlier run counts for nothing."""
    if os.environ.get("REDIS_URL"):
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_INLINE = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def no_pdf_layout(monkeypatch):
    """For tests of what a PDF view reads and answers (access, query counts, the walk of every
    page), not of the PDF itself: the document's HTML is still rendered from its template (every
    query runs, a template error still fails), WeasyPrint's layout is skipped. Each app's
    ``test_pdf_print.py`` tests its PDFs for real."""

    def render_pdf(template_name: str, context: dict) -> bytes:
        pdf.render_html(template_name, context)
        return b"%PDF-1.4\n%%EOF\n"

    monkeypatch.setattr(pdf, "render_pdf", render_pdf)


# --- The second factor (orgs/twofactor.py) ----------------------------------------------------
# The office and administrators must give a second factor after their password. The test
# client's force_login() stands for a complete log-in: for them it also records a verified
# device in the session, as django-otp's login does after the code. Tests of the second
# factor itself log in with ``force_login_without_second_factor``.

force_login_without_second_factor = Client.force_login


def _force_login_with_second_factor(self, user, backend=None):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from orgs.twofactor import second_factor_required

    force_login_without_second_factor(self, user, backend)
    if second_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Тестовое приложение", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture(autouse=True)
def _second_factor_on_forced_logins(monkeypatch):
    monkeypatch.setattr(Client, "force_login", _force_login_with_second_factor)


@pytest.fixture
def economy_office(db):
    return OrganisationFactory(
        short_name="Управление экономического развития",
        kind="unit",
        is_economy_office=True,
    )


@pytest.fixture
def unit(db):
    """A structural unit with subordinate institutions (the demo «Управление образования»)."""
    return OrganisationFactory(short_name="Управление образования", kind="unit")


@pytest.fixture
def school(unit):
    return OrganisationFactory(short_name="МБОУ «Школа № 1»", kind="institution", parent=unit)


@pytest.fixture
def other_org(db):
    """An organisation unrelated to ``unit``."""
    return OrganisationFactory(short_name="Управление культуры", kind="unit")


@pytest.fixture
def department_user(unit):
    return UserFactory(
        username="department",
        role=User.Role.STAFF,
        employee=EmployeeFactory(organisation=unit, lean_basics_completed_on=datetime.date(2023, 3, 1)),
    )


@pytest.fixture
def colleague_user(unit):
    return UserFactory(username="colleague", role=User.Role.STAFF, employee=EmployeeFactory(organisation=unit))


@pytest.fixture
def school_user(school):
    return UserFactory(username="school", role=User.Role.STAFF, employee=EmployeeFactory(organisation=school))


@pytest.fixture
def director_user(unit):
    employee = EmployeeFactory(organisation=unit, position="Начальник управления")
    unit.head = employee
    unit.save(update_fields=["head"])
    return UserFactory(username="director", role=User.Role.DIRECTOR, employee=employee)


@pytest.fixture
def economy_user(economy_office):
    return UserFactory(
        username="economy",
        role=User.Role.ECONOMY,
        employee=EmployeeFactory(organisation=economy_office, lean_basics_completed_on=datetime.date(2022, 6, 1)),
    )


@pytest.fixture
def outsider_user(other_org):
    return UserFactory(username="outsider", role=User.Role.STAFF, employee=EmployeeFactory(organisation=other_org))


# --- A second municipality and the regional level (orgs.Municipality) ---------------------------
# The fixtures above live in the default municipality (Leninsk-Kuznetsky); these build its
# neighbour with its own office, and the regional project office above both.


@pytest.fixture
def other_municipality(db):
    return Municipality.objects.create(
        name="Беловский муниципальный округ", short_name="Беловский МО", slug="belovsky", kind="okrug"
    )


@pytest.fixture
def far_office(other_municipality):
    """The economic development office of ``other_municipality``."""
    return OrganisationFactory(
        short_name="Управление экономики Беловского МО",
        kind="unit",
        is_economy_office=True,
        municipality=other_municipality,
    )


@pytest.fixture
def far_org(other_municipality):
    """An organisation of ``other_municipality``."""
    return OrganisationFactory(
        short_name="Управление образования Беловского МО", kind="unit", municipality=other_municipality
    )


@pytest.fixture
def far_economy_user(far_office):
    return UserFactory(
        username="far-economy",
        role=User.Role.ECONOMY,
        employee=EmployeeFactory(organisation=far_office, lean_basics_completed_on=datetime.date(2022, 6, 1)),
    )


@pytest.fixture
def far_user(far_org):
    return UserFactory(username="far", role=User.Role.STAFF, employee=EmployeeFactory(organisation=far_org))


@pytest.fixture
def regional_office(db):
    return OrganisationFactory(
        short_name="Региональный проектный офис", kind=Organisation.Kind.REGIONAL, municipality=None
    )


@pytest.fixture
def region_user(regional_office):
    return UserFactory(
        username="region",
        role=User.Role.REGION,
        employee=EmployeeFactory(organisation=regional_office, lean_basics_completed_on=datetime.date(2022, 6, 1)),
    )


@pytest.fixture
def admin_user_portal(db):
    return UserFactory(username="admin", role=User.Role.ADMIN, is_staff=True, is_superuser=True, employee=None)


def client_for(client, user):
    client.force_login(user)
    return client


# --- Browser tests -----------------------------------------------------------------

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = (
            "Chromium не найден (/usr/bin/chromium): браузерные тесты пропущены. Установите: apt-get install chromium"
        )
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message + " — E2E_REQUIRED=1 требует их выполнения.")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made
    # by the test itself (fixtures, assertions) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class DemoSnapshot:
    """The demo district (``manage.py load_demo``) loaded once per test session and put back
    into the test database for every test that asks for it: loading it runs every app's
    demo module (seconds), copying it back is one SQL pass (milliseconds).

    SQLite (in memory): the online backup API copies the whole database into a second
    in-memory database and back. PostgreSQL: every portal table is copied into the schema
    ``demo_snapshot`` and back (foreign keys are deferred, so the order does not matter),
    then the sequences are set past the copied ids. The demo's uploaded files are kept in a
    directory of the session and copied into each test's ``MEDIA_ROOT``.
    """

    SCHEMA = "demo_snapshot"

    def __init__(self, media: Path):
        self.media = media
        self.sqlite = None

    def take(self) -> None:

        with override_settings(MEDIA_ROOT=self.media, PASSWORD_HASHERS=FAST_HASHERS):
            call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        if connection.vendor == "sqlite":
            self.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.sqlite)
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE; CREATE SCHEMA {self.SCHEMA}")
                for table in self._tables():
                    cursor.execute(f'CREATE TABLE {self.SCHEMA}."{table}" AS TABLE public."{table}"')
        self._empty()

    def restore(self, media_root: Path) -> None:

        if self.sqlite is not None:
            connection.ensure_connection()
            self.sqlite.backup(connection.connection)
        else:
            tables = self._tables()
            with transaction.atomic(), connection.cursor() as cursor:
                for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                    cursor.execute(sql)
                for table in tables:
                    cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {self.SCHEMA}."{table}"')  # noqa: S608 - model tables
                models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)
        cache.clear()  # nothing cached from another test's data

    def drop(self) -> None:

        if self.sqlite is not None:
            self.sqlite.close()
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {self.SCHEMA} CASCADE")

    @staticmethod
    def _tables() -> list[str]:

        return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))

    @staticmethod
    def _empty() -> None:
        """Leave the database as a transactional test leaves it: flushed."""

        call_command("flush", "--noinput", verbosity=0)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    snapshot = DemoSnapshot(tmp_path_factory.mktemp("demo-media"))
    with django_db_blocker.unblock():
        snapshot.take()
        yield snapshot
        snapshot.drop()


@pytest.fixture
def demo_data(_demo_snapshot, transactional_db, settings):
    """The demo district of ``manage.py load_demo``, for browser tests (built once per session,
    see ``DemoSnapshot``)."""
    _demo_snapshot.restore(Path(settings.MEDIA_ROOT))


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo district loaded once for a module of tests that only read it, inside a
    transaction rolled back when the module is done (each test's own transaction nests in
    it as a savepoint). Tests ask for it together with ``db``."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"), PASSWORD_HASHERS=FAST_HASHERS):
                call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def login(page, username: str, password: str = "demo") -> None:  # noqa: S107 - demo password
    """Log in through the real form, as a person would.

    The office and administrators then give their second factor: a recovery code issued for
    this log-in (the browser test of enrolment, orgs/tests/test_e2e_two_factor.py, uses the app's code).
    """
    code = _recovery_code_for(username)
    page.goto("/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    if code:
        page.wait_for_url(lambda url: "/account/two-factor/" in url)
        page.get_by_label("Код").fill(code)
        page.get_by_role("button", name="Подтвердить").click()
        page.wait_for_url(lambda url: "/account/two-factor/" not in url)


def logout(page) -> None:
    """Log out as a person does: open the menu under one's name and press «Выйти»."""
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_url(lambda url: "/login/" in url)


def _recovery_code_for(username: str) -> str:
    """A one-time recovery code for an account that needs a second factor ("" for others)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from orgs.twofactor import second_factor_required

    user = User.objects.filter(username=username).first()
    if user is None or not second_factor_required(user):
        return ""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Тестовое приложение", confirmed=True)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Коды восстановления")
    return device.token_set.create(token=StaticToken.random_token()).token
