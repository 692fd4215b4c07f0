"""A database outage answers 503 with a plain Russian page, not a generic 500.

Registered as ``handler500`` in ``lean_portal/urls.py``: Django calls it for every
unhandled exception, whether raised by a view or by a middleware (the session and
the user are loaded from the database inside the middleware chain, so a view-level
``process_exception`` hook would miss most outages). The page is rendered without a
request context: no context processor may touch the database that is down.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds a client (or a proxy) is asked to wait before retrying.
RETRY_AFTER = 60


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for a lost or refused database connection (psycopg2 and SQLite alike)."""
    return isinstance(exc, (OperationalError, InterfaceError))


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        response = HttpResponse(
            loader.render_to_string("lean_portal/database_unavailable.html"),
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string(template_name))
