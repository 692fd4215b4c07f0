"""Query parameters: a bad year, page, id or a NUL byte answers 400 with a Russian message,
never 500 (issue 16, item 3).

The hypothesis test walks every route of the access matrix that answers GET, as a user the
matrix lets in, and sends arbitrary strings to each of its GET parameters: those of the filter
forms the page renders (discovered from its ``<form method="get">``) and a declared list every
list page may receive (page, sorting, search, year, organisation). The test client re-raises
any exception a view lets escape, so a would-be 500 fails with its traceback.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lean_portal.tests.test_access_matrix import (  # noqa: F401 - fixtures used by name
    ROUTES,
    _matrix_settings,
    expected,
    log_in,
    media_root,
    owners_of,
    request,
    urls_for,
    world,
)

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[А-Яа-яЁё]{3,}")
# Parameters any list page may be sent, whether or not its form shows them.
DECLARED = ("page", "o", "q", "year", "quarter", "organisation", "organisation_text", "status", "state", "sphere")
HOSTILE = st.one_of(
    st.sampled_from(["\x00", "-1", "1e5", "9" * 23, "²", "0", "", "x" * 5000, "<script>", "' OR 1=1 --", "%00"]),
    st.text(max_size=30),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
BOUNDED = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- The cases the probe found ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/scoring/?year=-1",
        "/scoring/?year=1e5",
        "/scoring/?year=99999999999999999999999",
        "/scoring/export.xlsx?year=99999",
        "/orgs/autocomplete/?q=%00",
        "/plan/?organisation_text=%00",
        "/reports/status/?q=%00",
        "/projects/?page=-1",
        "/projects/?page=9999999999999999999",
        "/projects/?sphere=abc",
        "/reports/?year=1e5",
        "/orgs/?kind=%00",
    ],
)
def test_bad_parameters_answer_400_in_russian(client, economy_user, url):
    client.force_login(economy_user)
    response = client.get(url)
    assert response.status_code == 400
    assert CYRILLIC.search(response.content.decode()), response.content[:300]


def test_the_400_page_names_the_field_at_fault(client, economy_user):
    client.force_login(economy_user)
    content = client.get("/scoring/?year=1e5").content.decode()
    assert "Год оценки" in content
    assert "ноль-байт" in client.get("/reports/status/?q=a%00b").content.decode()
    assert "Номер страницы" in client.get("/projects/?page=abc").content.decode()


def test_good_parameters_still_filter(client, economy_user):
    client.force_login(economy_user)
    assert client.get("/scoring/?year=2024&page=1").status_code == 200
    assert client.get("/orgs/autocomplete/?q=школа").status_code == 200


def test_nul_byte_is_refused_for_anonymous_visitors_too(client):
    response = client.get("/login/?next=/%00")
    assert response.status_code == 400


# --- Every GET parameter of every route ------------------------------------------------------


class GetFormFields(HTMLParser):
    """Names of the fields of the page's GET forms."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif (
            self._in_get_form
            and tag in ("input", "select", "textarea")
            and attrs.get("name")
            and attrs.get("type") not in ("submit", "button")
        ):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def parameters_of(content: str) -> set[str]:
    parser = GetFormFields()
    parser.feed(content)
    return parser.names


def first_reader(route) -> tuple[str, str] | None:
    for role in ("economy", "department", "admin", "school", "director", "anonymous"):
        for owner in owners_of(route):
            if expected(route, role, owner, "GET") == 200:
                return role, owner
    return None


GET_ROUTES = [
    route for route in ROUTES if not route.post_only and route.kind != "admin_pages" and first_reader(route) is not None
]


def test_the_walk_covers_the_lists():
    names = {route.name for route in GET_ROUTES}
    assert len(GET_ROUTES) > 50
    assert {"scoring:ranking", "projects:registry", "reporting:status", "plan:dashboard", "orgs:autocomplete"} <= names


@pytest.mark.parametrize("route", GET_ROUTES, ids=lambda r: f"{r.name}[{r.kind}]")
def test_arbitrary_query_parameters_never_answer_500(route, world):  # noqa: F811
    role, owner = first_reader(route)
    client = Client()
    log_in(client, world, role)
    (url,) = urls_for(route, world, owner)
    path, base_query = url.split("?", 1) if "?" in url else (url, "")
    base = dict(parse_qsl(base_query))
    response, _ = request(client, "GET", url)
    assert response.status_code == 200, (url, response.status_code)
    content = response.content.decode() if "html" in response.get("Content-Type", "") else ""
    names = sorted(parameters_of(content) | set(DECLARED))

    def check(params: dict):
        response, _ = request(client, "GET", path + "?" + urlencode({**base, **params}))
        assert response.status_code < 500, (params, response.status_code)
        if response.status_code == 400:
            assert CYRILLIC.search(response.content.decode()), (params, response.content[:200])
        if role != "anonymous" and not client.session.session_key:
            log_in(client, world, role)

    check(dict.fromkeys(names, "\x00"))
    for name in names:  # every parameter alone, with a number no field or column can hold
        check({name: "9" * 23})

    @BOUNDED
    @given(st.dictionaries(st.sampled_from(names), HOSTILE, min_size=1, max_size=4))
    def run(params):
        check(params)

    run()
