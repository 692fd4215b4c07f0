"""Effects per municipality: each office's district page reads its own municipality, the regional office
chooses one (or reads the whole region), and the comparison's confirmed totals come from one grouped query."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from effects.models import ConversionRate, Effect, Kind
from effects.selectors import confirmed_effects_by_municipality, district_effects
from orgs.models import Municipality
from projects.models import Project
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db
D = Decimal
DISTRICT = reverse("effects:district")


def _implemented(organisation, closed_on=datetime.date(2025, 6, 1)):
    project = FullProjectFactory(organisation=organisation)
    Project.objects.filter(pk=project.pk).update(state=Project.State.CLOSED, closed_on=closed_on)
    return project


def _effect(project, kind, value, status=Effect.Status.CONFIRMED):
    return Effect.objects.create(
        project=project,
        kind=kind,
        title=f"{kind} {value}",
        method="расчёт",
        planned_value=value,
        actual_value=value,
        status=status,
    )


@pytest.fixture
def both(school, far_org):
    ConversionRate.objects.create(
        valid_from=datetime.date(2020, 1, 1), staff_hour_cost=D("300"), hours_per_position=D("1000")
    )
    ours = _implemented(school)
    theirs = _implemented(far_org)
    _effect(ours, Kind.STAFF_TIME, D("100"))
    _effect(ours, Kind.MONEY_SAVED, D("5000"))
    _effect(ours, Kind.CITIZEN_TIME, D("70"), status=Effect.Status.SUBMITTED)  # not confirmed
    _effect(theirs, Kind.STAFF_TIME, D("10"))
    _effect(theirs, Kind.QUALITY, D("3"))
    return ours, theirs


def test_confirmed_effects_by_municipality_in_one_grouped_query(both, school, far_org, django_assert_num_queries):
    with django_assert_num_queries(2):
        found = confirmed_effects_by_municipality(2025)
    ours, theirs = found[school.municipality_id], found[far_org.municipality_id]
    assert ours.staff_hours == D("100") and ours.staff_money == D("30000.00")
    assert ours.money == D("35000.00") and ours.citizen_hours == D("0") and ours.confirmed_count == 2
    assert theirs.staff_hours == D("10") and theirs.money == D("3000.00") and theirs.confirmed_count == 2
    assert confirmed_effects_by_municipality(2024) == {}


def test_a_municipalitys_figures_are_its_own(both, school, far_org):
    ours = district_effects(2025, municipality=school.municipality_id)
    theirs = district_effects(2025, municipality=far_org.municipality_id)
    assert ours.total.value(Kind.STAFF_TIME, "confirmed") == D("100")
    assert theirs.total.value(Kind.STAFF_TIME, "confirmed") == D("10")
    assert [t.key for t in theirs.organisations] == [far_org.pk]


def test_another_municipalitys_office_sees_its_own_effects(client, both, far_economy_user, far_org):
    response = client_for(client, far_economy_user).get(DISTRICT, {"year": 2025})
    assert response.status_code == 200
    data = response.context["data"]
    assert data.total.value(Kind.STAFF_TIME, "confirmed") == D("10")
    assert [t.key for t in data.organisations] == [far_org.pk]
    assert client.get(reverse("effects:export"), {"year": 2025}).status_code == 200


def test_the_regional_office_reads_the_region_or_a_chosen_municipality(client, both, region_user, far_org):
    c = client_for(client, region_user)
    response = c.get(DISTRICT, {"year": 2025})
    assert response.context["data"].total.value(Kind.STAFF_TIME, "confirmed") == D("110")
    assert 'for="id_municipality">Муниципальное образование</label>' in response.content.decode()
    response = c.get(DISTRICT, {"year": 2025, "municipality": "belovsky"})
    assert response.context["data"].total.value(Kind.STAFF_TIME, "confirmed") == D("10")
    assert "municipality=belovsky" in response.content.decode()
    response = c.get(DISTRICT, {"year": 2025, "municipality": Municipality.DEFAULT_SLUG})
    assert response.context["data"].total.value(Kind.STAFF_TIME, "confirmed") == D("100")
    assert c.get(reverse("effects:verification")).status_code == 403


def test_verification_lists_the_offices_municipality_only(client, both, far_economy_user, economy_user):
    ours, theirs = both
    Effect.objects.filter(project=theirs, kind=Kind.STAFF_TIME).update(status=Effect.Status.SUBMITTED)
    listed = client_for(client, far_economy_user).get(reverse("effects:verification")).context["effects"]
    assert {e.project_id for e in listed} == {theirs.pk}
    listed = client_for(client, economy_user).get(reverse("effects:verification")).context["effects"]
    assert {e.project_id for e in listed} == {ours.pk}
