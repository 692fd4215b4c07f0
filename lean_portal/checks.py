"""Deployment checks of the security settings (``manage.py check --deploy``; README, «Security»)."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_with_several_workers(app_configs, **kwargs):
    """The survey rate limit (and the page cache) must be shared by every worker: with one
    local cache per process a limit of 3 answers a minute becomes 3 per worker."""
    workers = settings.WEB_CONCURRENCY * settings.APP_SERVERS
    if workers > 1 and not settings.REDIS_URL:
        return [
            Warning(
                f"{workers} worker processes (WEB_CONCURRENCY × DJANGO_APP_SERVERS) without a shared cache: "
                "each keeps its own survey rate-limit counters.",
                hint="Set REDIS_URL (README, «Several app servers»), or run one worker.",
                id="lean_portal.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def no_development_tools(app_configs, **kwargs):
    """The bench app (a data generator and a floor view for benchmarks) is for development only."""
    if apps.is_installed("bench"):
        return [
            Warning(
                "The development-only bench app is installed (DJANGO_BENCH=1).",
                hint="Unset DJANGO_BENCH in production.",
                id="lean_portal.W002",
            )
        ]
    return []
