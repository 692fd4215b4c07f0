"""Several app servers behind one proxy: nothing a request leaves behind stays in one process.

Sessions live in the database (read through the shared cache when REDIS_URL is set), log-in
lockouts in the database (django-axes' database handler), the survey rate limit and the home
panels in the cache (Redis with REDIS_URL; lean_portal/tests/test_redis_cache.py shows two
processes sharing it), uploads in the default storage (a shared volume or the bucket:
test_storage_s3.py). bench/run.py --instances 2 checks the same with two real gunicorn
instances: a log-in through one is valid on the other.
"""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from lean_portal.tests.test_storage_s3 import load_settings

CACHED_DB = "django.contrib.sessions.backends.cached_db"
DB = "django.contrib.sessions.backends.db"


def test_with_redis_sessions_are_cached_in_redis_and_kept_in_the_database(monkeypatch):
    values = load_settings(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/3")
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["SESSION_ENGINE"] == CACHED_DB
    # Lockouts: django-axes' default handler, the database one (nothing in process memory).
    assert values.get("AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler").endswith("AxesDatabaseHandler")


def test_without_redis_sessions_are_read_from_the_database_only(monkeypatch):
    values = load_settings(monkeypatch, REDIS_URL="")
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # cached_db over one cache per worker would let a session ended in one worker live on in another.
    assert values.get("SESSION_ENGINE", DB) == DB


def _log_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def sessions_as_with_redis(settings):
    settings.SESSION_ENGINE = CACHED_DB


@pytest.mark.django_db
def test_a_log_in_through_one_server_holds_on_another_and_a_log_out_ends_it_everywhere(
    sessions_as_with_redis, department_user
):
    first, second = Client(), Client()
    assert _log_in(first, "department", "demo").status_code == 302
    second.cookies["sessionid"] = first.cookies["sessionid"].value
    assert second.get(reverse("home")).status_code == 200
    cache.clear()  # a server whose cache lost the session (Redis restarted): read from the database
    assert second.get(reverse("home")).status_code == 200
    first.post(reverse("logout"))
    response = second.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.django_db
def test_a_lockout_recorded_through_one_server_holds_on_another(department_user):
    first, second = Client(), Client()
    for _ in range(5):
        _log_in(first, "department", "wrong")
    assert AccessAttempt.objects.filter(username="department").exists()
    cache.clear()  # nothing of it is kept in a cache
    assert _log_in(second, "department", "demo").status_code == 429
