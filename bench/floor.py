"""The benchmark's floor: the cheapest logged-in page the stack can serve.

Installed with the bench app, only when ``DJANGO_BENCH=1`` (see ``bench/README.md``): it goes through the
same gunicorn workers and the full middleware (session, authentication, CSRF, history,
axes) and loads the user, but renders nothing, so a page's time divided by this one's
is the cost of the page itself.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    return HttpResponse(f"<!doctype html><title>floor</title><p>{request.user.get_username()}</p>")
