"""Onboarding a municipality: all three records or nothing, errors on the argument at fault."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.models import Municipality, Organisation, User
from region import services

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "Беловский муниципальный округ",
    "short_name": "Беловский МО",
    "slug": "belovsky",
    "kind": "okrug",
    "decree": "Постановление от 01.02.2025 № 12",
    "office_full_name": "Управление экономического развития администрации Беловского муниципального округа",
    "office_short_name": "Управление экономики Беловского МО",
    "office_email": "economy@belovo.example.ru",
    "last_name": "Белова",
    "first_name": "Анна",
    "middle_name": "Петровна",
    "position": "Начальник управления",
    "email": "belova@belovo.example.ru",
    "username": "belovo-economy",
}


def test_onboard_creates_municipality_office_and_user(region_user):
    done = services.municipality_onboard(by=region_user, **FIELDS)
    municipality = Municipality.objects.get(slug="belovsky")
    office = Organisation.objects.get(municipality=municipality)
    assert office.is_economy_office and office.kind == Organisation.Kind.STRUCTURAL_UNIT
    user = User.objects.get(username="belovo-economy")
    assert user.role == User.Role.ECONOMY and user.employee.organisation == office
    assert user.municipality_id == municipality.pk
    assert user.check_password(done.password) and len(done.password) >= 12
    assert done.municipality == municipality and done.office == office


def test_onboard_as_admin(admin_user_portal):
    services.municipality_onboard(by=admin_user_portal, **FIELDS)
    assert Municipality.objects.filter(slug="belovsky").exists()


@pytest.mark.parametrize("role", [User.Role.STAFF, User.Role.DIRECTOR, User.Role.ECONOMY])
def test_onboard_refused_to_municipal_roles(economy_user, role):
    economy_user.role = role
    with pytest.raises(PermissionDenied):
        services.municipality_onboard(by=economy_user, **FIELDS)
    assert not Municipality.objects.filter(slug="belovsky").exists()


def test_onboard_is_all_or_nothing(region_user, economy_user):
    """A username already taken: neither the municipality nor its office is left behind."""
    with pytest.raises(ValidationError) as error:
        services.municipality_onboard(by=region_user, **{**FIELDS, "username": "economy"})
    assert "username" in error.value.message_dict
    assert not Municipality.objects.filter(slug="belovsky").exists()
    assert not Organisation.objects.filter(full_name=FIELDS["office_full_name"]).exists()


def test_onboard_reports_each_field_at_fault(region_user, other_municipality, far_office):
    with pytest.raises(ValidationError) as error:
        services.municipality_onboard(
            by=region_user,
            **{**FIELDS, "office_full_name": far_office.full_name, "office_email": "не почта"},
        )
    assert {"name", "slug", "office_full_name", "office_email"} <= set(error.value.message_dict)


def test_temporary_passwords_differ(region_user):
    user = User(username="x")
    assert services.temporary_password(user) != services.temporary_password(user)


def test_deactivate_and_reactivate(region_user, other_municipality):
    services.municipality_set_active(by=region_user, municipality=other_municipality, active=False)
    other_municipality.refresh_from_db()
    assert not other_municipality.is_active
    services.municipality_set_active(by=region_user, municipality=other_municipality, active=True)
    other_municipality.refresh_from_db()
    assert other_municipality.is_active


def test_default_municipality_cannot_be_deactivated(region_user):
    with pytest.raises(ValidationError):
        services.municipality_set_active(by=region_user, municipality=Municipality.objects.default(), active=False)


def test_economy_cannot_deactivate(economy_user, other_municipality):
    with pytest.raises(PermissionDenied):
        services.municipality_set_active(by=economy_user, municipality=other_municipality, active=False)
