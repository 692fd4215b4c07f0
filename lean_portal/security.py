"""Request hardening shared by every view (OWASP ASVS level 2; README, «Security»).

- ``QueryStringMiddleware``: a NUL byte anywhere in the query string, or a page number that is
  not a page number, answers 400 with a Russian message before any view (and any database)
  sees it. Filters refuse their own bad values through ``StrictFilterSet`` (400 too).
- ``UploadSizeMiddleware``: a request body larger than ``UPLOAD_MAX_REQUEST_SIZE`` is refused
  from its ``Content-Length`` header, before a byte of the body is read.
- ``PrivateCacheMiddleware``: every response to a logged-in user (pages, exports, PDFs, scans)
  is ``Cache-Control: private, no-store``: no proxy and no browser cache keeps personal data.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import requires_csrf_token

PAGE_NUMBER = re.compile(r"^(?:[1-9][0-9]{0,5}|last)?$")  # empty: the first page
NUL_MESSAGE = "Параметр запроса «{name}» содержит недопустимый символ (ноль-байт)."
PAGE_MESSAGE = "Номер страницы должен быть целым положительным числом."


def _bad_request(request, message: str, status: int = 400) -> HttpResponse:
    """The 400 page (or 413 for an oversize body) with the Russian reason."""
    return HttpResponse(loader.render_to_string("400.html", {"message": message}, request), status=status)


@requires_csrf_token
def bad_request(request, exception=None, template_name: str = "400.html"):
    """``handler400``: the Russian reason a view or a filter gave (``BadRequest``), if any."""
    message = str(exception) if isinstance(exception, BadRequest) and exception.args else ""
    return HttpResponseBadRequest(loader.render_to_string(template_name, {"message": message}, request))


def query_string_problem(request) -> str | None:
    """The Russian reason to refuse the request's query string, or None."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return NUL_MESSAGE.format(name=name.replace("\x00", "").strip() or "?")
    if any(not PAGE_NUMBER.match(value) for value in request.GET.getlist("page")):
        return PAGE_MESSAGE
    return None


class QueryStringMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = query_string_problem(request)
        if problem:
            return _bad_request(request, problem)
        return self.get_response(request)


class UploadSizeMiddleware:
    """Refuse an oversize body from its declared length; the body itself is never read.

    A request without ``Content-Length`` (chunked) is still capped by Django's
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` and the forms' own size checks, and by the proxy's
    ``client_max_body_size`` in the documented deployment.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _bad_request(request, "Неверная длина запроса.")
        limit = settings.UPLOAD_MAX_REQUEST_SIZE
        for prefix, larger in getattr(settings, "UPLOAD_MAX_REQUEST_SIZE_BY_PATH", {}).items():
            if request.path.startswith(prefix):
                limit = max(limit, larger)
        if length > limit:
            message = f"Файл слишком большой: запрос больше {limit // (1024 * 1024)} МБ не принимается."
            return _bad_request(request, message, status=413)
        return self.get_response(request)


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response


# --- Filters that refuse bad values ----------------------------------------------------------


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet whose invalid values answer 400 with the field's Russian message.

    django-filter's default is to drop an invalid value silently and list everything; a
    list then shows rows the user did not ask for, and a value a field accepts but the
    database cannot take (a year 100000) reaches the query.
    """

    @property
    def qs(self):
        if self.is_bound and not self.form.is_valid():
            raise BadRequest(filter_errors_text(self.form))
        return super().qs


def filter_errors_text(form) -> str:
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name
        parts.append(f"{label}: {' '.join(errors)}")
    return "Неверный параметр фильтра. " + "; ".join(parts)


def year_parameter(request, name: str = "year") -> int | None:
    """The year in ``?year=`` for views without a filter form: None when absent or empty,
    400 with a Russian message when it is not a year between 1900 and 2100."""
    value = request.GET.get(name, "")
    if not value:
        return None
    field = YearField(label="Год")
    try:
        return field.clean(value)
    except forms.ValidationError as exc:
        raise BadRequest(f"Неверный параметр «Год»: {' '.join(exc.messages)}") from None


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year between 1900 and 2100: anything else is a form error, never a database error."""

    field_class = YearField
