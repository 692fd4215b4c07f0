"""The read-only JSON API of practices (``/api/v1/practices/``): open data for other regions' systems.

Anonymous reads, the same records as ``data.json`` (``practices.serializers``), the bank's filters,
pages of ``page_size`` records (at most ``MAX_PAGE_SIZE``) with absolute ``next``/``previous``
links; every page reads a fixed number of queries whatever its number and size. Each anonymous
client address may make ``RATE_LIMIT`` requests within ``RATE_WINDOW`` seconds (settings
``PRACTICES_API_RATE_LIMIT``, ``PRACTICES_API_RATE_WINDOW``; the shared cache counts them, as for
the public surveys); beyond that 429 with ``Retry-After``.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from lean_portal.auth import client_ip
from practices.filters import PracticeFilter
from practices.selectors import PracticePaginator, get_practice, sortable_practices
from practices.serializers import practice_record

logger = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
RATE_LIMIT = 120
RATE_WINDOW = 60
JSON_OPTIONS = {"ensure_ascii": False}


def base_url() -> str:
    return settings.PORTAL_BASE_URL.rstrip("/")


def open_data_headers(response):
    """Open data may be read by any site's scripts (read-only, no credentials)."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(message: str, status: int, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status, json_dumps_params=JSON_OPTIONS)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return open_data_headers(response)


def rate_limit() -> tuple[int, int]:
    """(requests, seconds) allowed to one address."""
    return (
        getattr(settings, "PRACTICES_API_RATE_LIMIT", RATE_LIMIT),
        getattr(settings, "PRACTICES_API_RATE_WINDOW", RATE_WINDOW),
    )


def _over_limit(request) -> bool:
    """Count this request; True when the address has used up its window. A cache outage lets it through."""
    limit, window = rate_limit()
    key = f"practices-api:{client_ip(request) or 'unknown'}"
    try:
        if cache.add(key, 1, window):
            return False
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)
            return False
    except Exception:
        logger.warning("Общий кэш недоступен: ограничение частоты запросов к API практик не проверено.", exc_info=True)
        return False
    return count > limit


def rate_limited(view):
    """Anonymous clients only: a logged-in user of the portal is known and accountable."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated and _over_limit(request):
            limit, window = rate_limit()
            return error(
                f"Слишком много запросов: не больше {limit} за {window} секунд с одного адреса. Повторите позже.",
                429,
                Retry_After=str(window),
            )
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def page_size_of(request) -> int:
    value = request.GET.get("page_size", "")
    if not value:
        return DEFAULT_PAGE_SIZE
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE_SIZE:
        raise BadRequest(f"Параметр «page_size» — целое число от 1 до {MAX_PAGE_SIZE}.")
    return int(value)


def _page_link(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"{base_url()}{reverse('practices:api-list')}?{urlencode(sorted(query.items()))}"


@require_safe
@rate_limited
def practice_list(request):
    try:
        size = page_size_of(request)
        filterset = PracticeFilter(request.GET, queryset=sortable_practices())
        queryset = filterset.qs
    except BadRequest as exc:
        return error(str(exc), 400)
    paginator = PracticePaginator(queryset, size)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except EmptyPage:
        return error("Такой страницы нет.", 404)
    url = base_url()
    body = {
        "count": paginator.count,
        "page": page.number,
        "page_size": size,
        "num_pages": paginator.num_pages,
        "next": _page_link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _page_link(request, page.previous_page_number()) if page.has_previous() else None,
        "results": [practice_record(assessment, base_url=url) for assessment in page.object_list],
    }
    return open_data_headers(JsonResponse(body, json_dumps_params=JSON_OPTIONS))


@require_safe
@rate_limited
def practice_detail(request, pk: int):
    assessment = get_practice(pk)
    if assessment is None:
        return error("Практика не найдена: проект не признан тиражируемой практикой или не существует.", 404)
    return open_data_headers(
        JsonResponse(practice_record(assessment, base_url=base_url()), json_dumps_params=JSON_OPTIONS)
    )
