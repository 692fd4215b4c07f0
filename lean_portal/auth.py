"""Log-in protection (django-axes): 5 failed attempts for a user name from one address
lock it for an hour; the lock is logged (axes' access-attempt records and log)."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for every log-in made through a request.

    ``authenticate()`` without a request (the shell, management commands, the test
    client's ``login()``) has no address to lock and goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with ``PROXY_COUNT`` trusted proxies in front,
    the address the outermost of them saw (from the right of X-Forwarded-For)."""
    from django.conf import settings

    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
