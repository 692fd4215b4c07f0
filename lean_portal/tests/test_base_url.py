"""PORTAL_BASE_URL: required in production, set by ``make run PORT=N``, used by QR codes and e-mails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 64,
        DJANGO_ALLOWED_HOSTS="portal.example",
        DJANGO_PROXY_COUNT="1",
        DJANGO_SETTINGS_MODULE="lean_portal.settings",
    )
    env.update(extra)
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("args", [["-c", "import django; django.setup()"], ["manage.py", "check", "--deploy"]])
def test_production_stops_without_the_portal_address(args):
    result = run(args, production_env())
    assert result.returncode != 0
    assert "PORTAL_BASE_URL is not set" in result.stderr


def test_production_refuses_an_address_without_a_scheme():
    result = run(["-c", "import django; django.setup()"], production_env(PORTAL_BASE_URL="lean.example.ru"))
    assert result.returncode != 0 and "is not an address" in result.stderr


def test_production_starts_with_the_portal_address():
    code = "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    result = run(["-c", code], production_env(PORTAL_BASE_URL="https://lean.example.ru"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("https://lean.example.ru")


def test_development_defaults_to_the_local_address():
    code = "import django; django.setup(); from django.conf import settings; print(settings.PORTAL_BASE_URL)"
    result = run(["-c", code], production_env(DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("http://127.0.0.1:8000")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_sets_the_address_to_its_port():
    result = subprocess.run(["make", "-n", "run", "PORT=8080"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert "PORTAL_BASE_URL=http://127.0.0.1:8080 " in result.stdout
    assert "runserver 127.0.0.1:8080" in result.stdout
