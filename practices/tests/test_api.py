"""The read-only JSON API of practices: anonymous, paged, filtered, a fixed number of queries per page, rate-limited."""

from __future__ import annotations

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices import opendata
from practices.api import MAX_PAGE_SIZE

from .conftest import TEAM_MEMBER, bulk_practices

pytestmark = pytest.mark.django_db

PAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "num_pages": {"type": "integer"},
        "next": {"type": ["string", "null"]},
        "previous": {"type": ["string", "null"]},
        "results": {"type": "array", "items": opendata.record_schema()},
    },
    "required": ["count", "page", "page_size", "num_pages", "next", "previous", "results"],
    "additionalProperties": False,
}


def test_list_and_detail_are_public_and_valid(client, practice, far_practice):
    response = client.get(reverse("practices:api-list"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    page = response.json()
    jsonschema.validate(page, PAGE_SCHEMA)
    assert page["count"] == 2 and page["next"] is None and page["previous"] is None
    assert [r["id"] for r in page["results"]] == [practice.pk, far_practice.pk]
    detail = client.get(reverse("practices:api-detail", args=[far_practice.pk]))
    assert detail.status_code == 200
    jsonschema.validate(detail.json(), opendata.record_schema())
    assert detail.json() == page["results"][1]
    assert TEAM_MEMBER not in response.content.decode()
    assert "Лидерова" in response.content.decode()  # the lead is on the published card


def test_unknown_practice_and_bad_parameters(client, practice, unit, economy_user):
    from scoring.tests.factories import ProjectFactory

    plain = ProjectFactory(organisation=unit)
    assert client.get(reverse("practices:api-detail", args=[plain.pk])).status_code == 404
    assert client.get(reverse("practices:api-detail", args=[999999])).json()["error"]
    url = reverse("practices:api-list")
    assert client.get(url, {"page_size": MAX_PAGE_SIZE + 1}).status_code == 400
    assert client.get(url, {"page_size": "0"}).status_code == 400
    assert client.get(url, {"status": "galactic"}).status_code == 400
    assert "Неверный параметр фильтра" in client.get(url, {"status": "galactic"}).json()["error"]
    assert client.get(url, {"page": "7"}).status_code == 404
    assert client.post(url).status_code == 405


def test_filters_as_the_list(client, practice, far_practice):
    url = reverse("practices:api-list")
    assert [r["id"] for r in client.get(url, {"municipality": "belovsky"}).json()["results"]] == [far_practice.pk]
    assert [r["id"] for r in client.get(url, {"status": "federal"}).json()["results"]] == [practice.pk]
    assert [r["id"] for r in client.get(url, {"q": "такси"}).json()["results"]] == [far_practice.pk]


def test_rate_limit(client, practice, settings, far_user):
    settings.PRACTICES_API_RATE_LIMIT = 3
    url = reverse("practices:api-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Слишком много запросов" in response.json()["error"]
    # Another address has its own count; a logged-in user of the portal is not limited.
    assert client.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200
    client.force_login(far_user)
    assert client.get(url).status_code == 200


def walk(client, page_size: int) -> tuple[list[int], set[int]]:
    """Follow ``next`` from the first page to the last: the ids seen and each page's query count."""
    url = f"{reverse('practices:api-list')}?page_size={page_size}"
    ids, counts = [], set()
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.removeprefix("http://127.0.0.1:8000"))
        assert response.status_code == 200, response.content
        page = response.json()
        ids += [r["id"] for r in page["results"]]
        counts.add(len(queries))
        url = page["next"]
    return ids, counts


def test_pages_through_10000_practices_with_a_fixed_number_of_queries(client, settings, unit, far_org, economy_user):
    settings.PRACTICES_API_RATE_LIMIT = 10**6
    created = bulk_practices([unit, far_org], economy_user, 10_000)
    ids, counts = walk(client, MAX_PAGE_SIZE)
    assert len(ids) == 10_000 and set(ids) == set(created)  # every practice once, none twice
    assert len(counts) == 1, counts  # the same queries on page 1 and page 100
    [per_page] = counts
    assert per_page <= 9  # count, page ids, cards, rubric, criterion 6, indicators, problem, goals, effects
    # Any page size, any page: the same number.
    for params in ({"page_size": 5}, {"page_size": 5, "page": 2000}, {"page_size": 37, "page": 271}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("practices:api-list"), params).status_code == 200
        assert len(queries) == per_page, params
