"""Whole pages kept in the shared cache while nothing in the database has changed.

The busiest pages (home, the project registry, a project's page, the plan dashboard, the
status table) are read far more often than anything is written. Such a page is kept for
``PAGE_CACHE_SECONDS`` under a key made of everything the HTML depends on:

- the user, their session and their CSRF cookie (the page's forms carry a token made from
  it), so a page is only ever served back to the browser it was made for;
- the full path with the query string (filters, sorting, page number) and the language;
- today's date (deadline statuses and «просрочено» change at midnight);
- the **data version**: one token in the cache, replaced whenever anything is written —
  a row saved or deleted (``post_save`` / ``post_delete`` / ``m2m_changed`` of any model but
  the few below that no page shows), and after every request that is not GET or HEAD
  (so that ``QuerySet.update()`` and ``bulk_create`` inside a form's POST are covered too).

A cached page is therefore what the view would render now. What bypasses both — raw SQL,
``bulk_create`` in a management command, another program writing the database — is seen
after at most ``PAGE_CACHE_SECONDS`` (``restore`` replaces the token itself).

A page is neither served from nor stored in the cache when the request carries messages to
show («Черновик сохранён»), when the response is not a plain 200, sets a cookie or adds a
message, or when there is no CSRF cookie yet. The access checks a view makes before the page
(log-in, role, the object's organisation) still run on every request: the decorator sits
inside them, and a project's page logs the personal-data access before asking the cache.

Only with a cache that every process shares (Redis, ``REDIS_URL``), as the home panels
(``lean_portal.panels``): with a per-process cache one gunicorn worker would not see the
token another replaced. ``DJANGO_PAGE_CACHE=0`` turns it off (the benchmark measures both).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone

from lean_portal.panels import panel_cache_enabled

PAGE_CACHE_SECONDS = 60
DATA_VERSION_KEY = "pages:data-version"
# Written by reading pages or by logging in; shown on none of the cached pages.
_NOT_PAGE_DATA_APPS = frozenset({"sessions", "axes"})
_NOT_PAGE_DATA_MODELS = frozenset({"orgs.PersonalDataAccess"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

logger = logging.getLogger(__name__)


def page_cache_enabled() -> bool:
    return settings.PAGE_CACHE and panel_cache_enabled()


def bump_data_version() -> None:
    """Something was written: every cached page is stale from now on."""
    try:
        cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache outage must not fail a write already made
        logger.warning("Общий кэш недоступен: версия данных для кэша страниц не обновлена.", exc_info=True)


def data_changed() -> None:
    """Replace the data version now and again when the transaction commits: a page rendered in
    between from the data before the commit must not stay under the new version."""
    if not page_cache_enabled():
        return
    bump_data_version()
    transaction.on_commit(bump_data_version, robust=True)


def _page_key(request) -> str | None:
    # The CSRF secret the page's tokens are made from: the browser's cookie, or, once a page
    # without one is rendered, the new secret sent to it with that page.
    csrf_secret = request.META.get("CSRF_COOKIE")
    session_key = request.session.session_key
    if not csrf_secret or not session_key:
        return None
    parts = (
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.user.pk,
        session_key,
        csrf_secret,
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        timezone.localdate().isoformat(),
    )
    digest = hashlib.blake2s("\x1f".join(str(part) for part in parts).encode(), digest_size=20).hexdigest()
    return f"page:{digest}"


def cached_page(request, build) -> HttpResponse:
    """``build()``'s response, or the same page from the cache while the data version is unchanged."""
    if (
        not page_cache_enabled()
        or request.method not in ("GET", "HEAD")
        or not request.user.is_authenticated
        or len(get_messages(request))
    ):
        return build()
    key = _page_key(request)
    try:
        # One round trip: the current version and the page, which remembers the version it was made at.
        found = cache.get_many([DATA_VERSION_KEY, key] if key else [DATA_VERSION_KEY])
        version = found.get(DATA_VERSION_KEY)
        if version is None:
            cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(DATA_VERSION_KEY)
    except Exception:  # without the cache the page is rendered, as without Redis
        logger.warning("Общий кэш недоступен: страница строится без него.", exc_info=True)
        return build()
    stored = found.get(key) if key else None
    if stored is not None and stored[0] == version:
        _, content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
    response = build()
    if response.status_code != 200 or response.streaming or response.cookies or len(get_messages(request)):
        return response
    # Kept under the version read before the data was: a write meanwhile has replaced it. A page
    # rendered for a browser without a CSRF cookie is kept under the secret sent with it.
    key = _page_key(request)
    if key is not None and version is not None:
        try:
            cache.set(key, (version, response.content, list(response.headers.items())), PAGE_CACHE_SECONDS)
        except Exception:  # the page is made; only keeping it failed
            logger.warning("Общий кэш недоступен: страница не сохранена в нём.", exc_info=True)
    return response


def page_cache(view):
    """``cached_page`` for a whole view; put it under the view's access decorators."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return wrapper


class DataVersionMiddleware:
    """After every request that may have written (any method but GET and HEAD), the data version
    is replaced: bulk writes inside a form's POST send no signals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS and page_cache_enabled():
            bump_data_version()
        return response


@receiver(post_save, dispatch_uid="lean_portal.pagecache.saved")
@receiver(post_delete, dispatch_uid="lean_portal.pagecache.deleted")
@receiver(m2m_changed, dispatch_uid="lean_portal.pagecache.m2m")
def _data_written(sender, action: str = "post_", **kwargs):
    if not action.startswith("post_"):
        return  # m2m_changed: once, after the change (``sender`` is then the through model)
    meta = sender._meta
    if meta.app_label in _NOT_PAGE_DATA_APPS or meta.label in _NOT_PAGE_DATA_MODELS:
        return
    data_changed()
