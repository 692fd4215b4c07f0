"""Session lifetime: a session ends after 30 minutes without a request and 12 hours
after log-in in all.

The last-activity mark is written at most once a minute, so ordinary page views
do not write the session row on every request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect

STARTED_KEY = "portal_session_started"
SEEN_KEY = "portal_session_seen"
SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED_KEY] = now
        request.session[SEEN_KEY] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(STARTED_KEY, now)
            seen = session.get(SEEN_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                return self._end(request, "Сеанс завершён: с момента входа прошло 12 часов. Войдите снова.")
            if now - seen > settings.SESSION_IDLE_AGE:
                return self._end(request, "Сеанс завершён после 30 минут бездействия. Войдите снова.")
            if STARTED_KEY not in session:
                session[STARTED_KEY] = started
            if now - seen >= SEEN_RESOLUTION or SEEN_KEY not in session:
                session[SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _end(request, message: str):
        path = request.get_full_path()
        logout(request)
        messages.info(request, message)
        return redirect(f"{settings.LOGIN_URL_PATH}?next={path}")
