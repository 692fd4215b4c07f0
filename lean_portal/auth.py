"""Log-in protection (django-axes), in two layers:

- 5 failed attempts for one user name from one address lock that pair for an hour
  (axes' own ``AXES_LOCKOUT_PARAMETERS``);
- ``LOGIN_ADDRESS_FAILURE_LIMIT`` (20) failed attempts from one address, whatever the user
  names, lock the address for an hour (``LockoutBackend``): spraying one password across many
  user names is stopped too. The count is axes' own records of that address.

Both locks are logged (axes' access-attempt records and log) and lifted in the admin
(«Axes» → «Попытки доступа») or with ``manage.py axes_reset_ip``.
"""

from __future__ import annotations

import logging

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger("axes")


def address_failures(address: str) -> int:
    """Failed log-ins from ``address`` within the cool-off period, over every user name."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for every log-in made through a request, plus the address-wide limit.

    ``authenticate()`` without a request (the shell, management commands, the test
    client's ``login()``) has no address to lock and goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        address = client_ip(request)
        if address and address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            logger.warning("AXES: address %s locked out after repeated failures across user names.", address)
            # AxesMiddleware answers with the lock-out page (429) when the request is marked.
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed log-ins from this address")
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with ``PROXY_COUNT`` trusted proxies in front,
    the address the outermost of them saw (from the right of X-Forwarded-For)."""
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
