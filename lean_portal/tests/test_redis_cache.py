"""With REDIS_URL set, the cache is shared through Redis (several app servers, one rate limit)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def _run(code: str, **extra_env) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lean_portal.settings", **extra_env}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_local_memory_cache_without_redis_url():
    backend = _run("from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", REDIS_URL="")
    assert backend.endswith("LocMemCache")


@pytest.mark.skipif(not _redis_running(), reason="no Redis server on 127.0.0.1:6379")
def test_two_processes_share_the_cache_through_redis():
    url = "redis://127.0.0.1:6379/15"
    key = f"lean-portal-test-{os.getpid()}"
    _run(f"from django.core.cache import cache; cache.set('{key}', 'общий', 30)", REDIS_URL=url)
    read = f"from django.core.cache import cache; print(cache.get('{key}')); cache.delete('{key}')"
    value = _run(read, REDIS_URL=url)
    assert value == "общий"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the suite runs on the local-memory cache (no REDIS_URL)")
def test_the_suite_runs_on_redis_when_asked():
    """``make test-redis`` must really exercise Redis: sessions read through it, the shared cache."""
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
