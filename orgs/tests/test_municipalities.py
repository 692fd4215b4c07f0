"""Municipalities as tenants: who reads which organisations (orgs.models.visible_organisation_filter)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orgs.access import can_read_organisation, can_write_organisation
from orgs.models import Municipality, Organisation
from orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_saved_without_a_municipality_lands_in_the_default_one():
    organisation = OrganisationFactory()
    assert organisation.municipality.slug == Municipality.DEFAULT_SLUG
    assert Municipality.objects.default() == organisation.municipality


def test_a_regional_body_belongs_to_no_municipality(regional_office):
    assert regional_office.municipality_id is None
    regional_office.municipality = Municipality.objects.default()
    with pytest.raises(ValidationError) as error:
        regional_office.full_clean()
    assert "municipality" in error.value.message_dict


def test_a_subordinate_stays_in_its_parents_municipality(unit, other_municipality):
    school = Organisation(
        short_name="Школа",
        full_name="Школа соседнего округа",
        kind="institution",
        parent=unit,
        municipality=other_municipality,
    )
    with pytest.raises(ValidationError) as error:
        school.full_clean()
    assert "parent" in error.value.message_dict


def test_one_economy_office_per_municipality(economy_office, far_office, other_municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(is_economy_office=True, municipality=other_municipality)


def test_the_office_reads_its_own_municipality_only(economy_user, unit, far_org):
    visible = set(Organisation.objects.visible_to(economy_user))
    assert unit in visible
    assert far_org not in visible
    assert can_read_organisation(economy_user, unit)
    assert not can_read_organisation(economy_user, far_org)


def test_the_neighbours_office_reads_its_own(far_economy_user, unit, far_org):
    assert set(Organisation.objects.visible_to(far_economy_user)) == {far_org, far_economy_user.organisation}
    assert not can_read_organisation(far_economy_user, unit)


def test_the_regional_office_reads_every_municipality_and_writes_none(region_user, unit, far_org):
    visible = set(Organisation.objects.visible_to(region_user))
    assert {unit, far_org} <= visible
    assert can_read_organisation(region_user, far_org)
    assert not can_write_organisation(region_user, far_org)
    assert region_user.sees_region and not region_user.is_economy
    assert region_user.municipality_id is None


def test_staff_read_their_organisation_whatever_the_municipality(far_user, far_org, unit):
    assert set(Organisation.objects.visible_to(far_user)) == {far_org}
    assert far_user.municipality_id == far_org.municipality_id


def test_the_chosen_municipality_is_the_users_own_unless_they_see_the_region(
    rf, economy_user, region_user, other_municipality
):
    from django.http import Http404

    from orgs.access import chosen_municipality

    request = rf.get("/", {"municipality": other_municipality.slug})
    request.user = economy_user
    assert chosen_municipality(request) == economy_user.organisation.municipality
    request.user = region_user
    assert chosen_municipality(request) == other_municipality
    request = rf.get("/")
    request.user = region_user
    assert chosen_municipality(request) is None
    request = rf.get("/", {"municipality": "nowhere"})
    request.user = region_user
    with pytest.raises(Http404):
        chosen_municipality(request)
