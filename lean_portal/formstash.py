"""Nothing typed is lost (issue 17, item 2): what a form sent is kept server-side until saved.

* ``FormStashMiddleware``: a form posted after the session ended (30 minutes idle, or the
  session gone) is answered with the log-in page as before, but what it carried is first kept
  in the new, anonymous session, which survives the log-in (``django.contrib.auth.login`` keeps
  the data of the session it starts from). Only forms that can offer it back are kept
  (views marked ``@formstash.restorable`` by their app); never files, passwords or the CSRF token.
* ``stash`` / ``take``: a view keeps what a save attempt sent that could not be saved (errors,
  a conflict), and on its next GET offers it back (``take``) as the form's data.
* ``keep_alive`` (``session-keepalive``): the «Продолжить работу» button of the warning shown
  by ``static/js/session.js`` a few minutes before the idle session ends.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse, QueryDict
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_POST

from lean_portal.middleware import SEEN_KEY

SESSION_KEY = "portal_form_stash"
MAX_BYTES = 256 * 1024
MAX_AGE = 12 * 60 * 60
SKIPPED = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password", "new_password1"}


def restorable(view):
    """Marks a view whose form offers back what was posted into an ended session (``take``)."""
    view.form_stash_restorable = True
    return view


def _restorable(path: str) -> bool:
    try:
        return getattr(resolve(path).func, "form_stash_restorable", False)
    except Resolver404:
        return False


def stash(request, data: QueryDict, *, user_id: int | None = None, path: str | None = None) -> bool:
    """Keep ``data`` (a POST) for ``path`` in the session; False when it is too big to keep."""
    pairs = [[key, values] for key, values in data.lists() if key not in SKIPPED]
    if len(json.dumps(pairs, ensure_ascii=False).encode()) > MAX_BYTES:
        return False
    user_id = user_id if user_id is not None else (request.user.pk if request.user.is_authenticated else None)
    kept = {k: v for k, v in request.session.get(SESSION_KEY, {}).items() if time.time() - v["at"] < MAX_AGE}
    kept[path or request.path] = {"data": pairs, "user": user_id, "at": int(time.time())}
    request.session[SESSION_KEY] = kept
    return True


def take(request, path: str | None = None) -> QueryDict | None:
    """What was kept for this page (once), if it was sent by this user or before they logged in again."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    entry = kept.pop(path or request.path, None)
    request.session[SESSION_KEY] = kept
    if entry is None or time.time() - entry["at"] > MAX_AGE:
        return None
    if entry["user"] is not None and entry["user"] != request.user.pk:
        return None
    data = QueryDict(mutable=True)
    for key, values in entry["data"]:
        data.setlist(key, values)
    return data


def discard(request, path: str | None = None) -> None:
    kept = request.session.get(SESSION_KEY)
    if kept and (path or request.path) in kept:
        kept.pop(path or request.path)
        request.session[SESSION_KEY] = kept


class FormStashMiddleware:
    """Keeps a form posted into an ended session (placed before ``SessionLifetimeMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_id = None
        if request.method == "POST" and hasattr(request, "user") and request.user.is_authenticated:
            user_id = request.user.pk  # known while the idle session still exists
        response = self.get_response(request)
        if (
            request.method == "POST"
            and response.status_code == 302
            and response.get("Location", "").startswith(settings.LOGIN_URL_PATH)
            and not request.user.is_authenticated
            and _restorable(request.path)
            and stash(request, request.POST, user_id=user_id)
        ):
            messages.info(
                request,
                "Введённое в форме сохранено: войдите снова, и форма откроется с вашими данными — "
                "проверьте их и сохраните.",
            )
        return response


@require_POST
@login_required
def keep_alive(request):
    """The session goes on: the idle clock starts again (``SessionLifetimeMiddleware``)."""
    request.session[SEEN_KEY] = int(time.time())
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_AGE})
