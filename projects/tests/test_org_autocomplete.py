"""The organisation autocomplete endpoint (orgs/autocomplete.py, ``orgs:autocomplete``): only what
the user may read, search by short or full name in any case, bounded, no ids taken.

Kept with the registry's tests (its first user); the module lives in ``orgs``."""

import pytest
from django.urls import reverse

from orgs.autocomplete import AUTOCOMPLETE_LIMIT
from orgs.models import Municipality, Organisation
from orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
URL = reverse("orgs:autocomplete")


def names(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [row["text"] for row in response.json()["results"]]


def test_login_required(client, unit):
    response = client.get(URL, {"q": "Управление"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_only_get(client, department_user):
    client.force_login(department_user)
    assert client.post(URL, {"q": "x"}).status_code == 405


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("department_user", {"Управление образования", "МБОУ «Школа № 1»"}),  # owner: own unit and its school
        ("colleague_user", {"Управление образования", "МБОУ «Школа № 1»"}),  # same unit
        ("school_user", {"МБОУ «Школа № 1»"}),  # a subordinate does not see its parent
        ("outsider_user", {"Управление культуры"}),  # only their own organisation
        ("economy_user", {"Управление образования", "МБОУ «Школа № 1»", "Управление культуры"}),
    ],
)
def test_results_stay_within_reach(request, client, unit, school, other_org, economy_office, who, expected):
    user = request.getfixturevalue(who)
    found = set(names(client, user)) - {economy_office.short_name}
    assert found == expected
    # Asking for a name outside one's reach finds nothing.
    if who == "outsider_user":
        assert names(client, user, q="образования") == []
        assert names(client, user, q="Школа") == []


def test_search_short_and_full_name_any_case(client, economy_user, unit, school, other_org):
    assert names(client, economy_user, q="культуры") == ["Управление культуры"]
    assert names(client, economy_user, q="школа") == ["МБОУ «Школа № 1»"]
    assert names(client, economy_user, q="ШКОЛА") == ["МБОУ «Школа № 1»"]
    full = OrganisationFactory(short_name="ЦБС", full_name="Централизованная библиотечная система")
    assert names(client, economy_user, q="библиотечная") == [full.short_name]
    client.force_login(economy_user)
    row = client.get(URL, {"q": "ЦБС"}).json()["results"][0]
    assert row == {"id": full.pk, "text": "ЦБС", "full_name": full.full_name, "active": True}


def test_name_start_first(client, economy_user):
    OrganisationFactory(short_name="Архив образования")
    OrganisationFactory(short_name="Образование и наука")
    assert names(client, economy_user, q="образ") == ["Образование и наука", "Архив образования"]


def test_bounded_with_more_flag(client, economy_user):
    municipality = Municipality.objects.default()
    Organisation.objects.bulk_create(
        Organisation(
            short_name=f"Школа {n:03d}",
            full_name=f"Школа {n:03d} полное",
            kind="institution",
            municipality=municipality,
        )
        for n in range(AUTOCOMPLETE_LIMIT + 5)
    )
    client.force_login(economy_user)
    data = client.get(URL, {"q": "школа"}).json()
    assert len(data["results"]) == AUTOCOMPLETE_LIMIT and data["more"] is True
    data = client.get(URL, {"q": "Школа 001"}).json()
    assert [r["text"] for r in data["results"]] == ["Школа 001"] and data["more"] is False


@pytest.mark.parametrize("q", ["%", "_", "' OR 1=1 --", "\\", "x" * 5000, "   ", "<script>"])
def test_odd_input_is_harmless(client, department_user, unit, school, other_org, q):
    found = names(client, department_user, q=q)
    assert "Управление культуры" not in found
    if q.strip() in ("%", "_", "\\", "<script>") or q.startswith("'"):
        assert found == []  # wildcards are literal


def test_ids_are_not_taken(client, outsider_user, unit, other_org):
    # Whatever id-like parameter comes along, only the user's reach is searched.
    assert names(client, outsider_user, id=unit.pk, pk=unit.pk, organisation=unit.pk) == ["Управление культуры"]


def test_inactive_organisations_are_marked(client, economy_user):
    OrganisationFactory(short_name="Закрытое учреждение", is_active=False)
    client.force_login(economy_user)
    assert client.get(URL, {"q": "Закрытое"}).json()["results"][0]["active"] is False
