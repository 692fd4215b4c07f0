"""Writes of the regional office: onboarding a municipality, deactivating and reactivating one.

The regional office writes nothing of a municipality's records (orgs/access.py): it creates the
municipality with its economic development office and first user, and the office loads the rest
(«Загрузка из Excel», imports/).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from orgs.models import Employee, Municipality, Organisation, User

# A temporary password: no letters that read alike (l/1, O/0), long enough for the validators (12+).
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password
PASSWORD_LENGTH = 14


@dataclass(frozen=True)
class Onboarded:
    municipality: Municipality
    office: Organisation
    user: User
    # Shown once to the regional office, never stored in the clear.
    password: str


def temporary_password(user: User) -> str:
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def _region_only(user) -> None:
    if not (user.is_authenticated and user.sees_region):
        raise PermissionDenied(
            "Подключать и отключать муниципальные образования может только региональный проектный офис."
        )


def _errors(instance, names: dict[str, str], exclude: list[str]) -> dict[str, list[str]]:
    """``instance.full_clean`` errors keyed by the onboarding's argument names (``names``: model field → name)."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        return {names.get(field, "__all__"): messages for field, messages in error.message_dict.items()}
    return {}


@transaction.atomic
def municipality_onboard(
    *,
    by: User,
    name: str,
    short_name: str,
    slug: str,
    kind: str,
    decree: str,
    office_full_name: str,
    office_short_name: str,
    office_email: str,
    last_name: str,
    first_name: str,
    middle_name: str,
    position: str,
    email: str,
    username: str,
) -> Onboarded:
    """A municipality, its economic development office and the office's first user (role ECONOMY), in one
    transaction: all three or nothing. The user gets a temporary password (returned, shown once) and enrols
    the second factor at first log-in, as every office user does."""
    _region_only(by)
    municipality = Municipality(name=name, short_name=short_name, slug=slug, kind=kind, decree=decree)
    office = Organisation(
        full_name=office_full_name,
        short_name=office_short_name,
        email=office_email,
        kind=Organisation.Kind.STRUCTURAL_UNIT,
        is_economy_office=True,
    )
    employee = Employee(
        last_name=last_name, first_name=first_name, middle_name=middle_name, position=position, email=email
    )
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, role=User.Role.ECONOMY)
    errors: dict[str, list[str]] = {}
    for instance, names, exclude in (
        (municipality, {f: f for f in ("name", "short_name", "slug", "kind", "decree")}, []),
        (
            office,
            {"full_name": "office_full_name", "short_name": "office_short_name", "email": "office_email"},
            ["municipality", "parent", "sphere", "head", "decision_deputy", "search_text"],
        ),
        (
            employee,
            {f: f for f in ("last_name", "first_name", "middle_name", "position", "email")},
            ["organisation", "search_text"],
        ),
        (user, {"username": "username", "email": "email"}, ["password", "employee"]),
    ):
        for field, messages in _errors(instance, names, exclude).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    municipality.save()
    office.municipality = municipality
    office.save()
    employee.organisation = office
    employee.save()
    user.employee = employee
    password = temporary_password(user)
    user.set_password(password)
    user.save()
    return Onboarded(municipality, office, user, password)


@transaction.atomic
def municipality_set_active(*, by: User, municipality: Municipality, active: bool) -> Municipality:
    """Deactivate a municipality (it leaves the comparison and the regional lists; its records and accounts stay)
    or bring it back."""
    _region_only(by)
    if not active and municipality.is_default:
        raise ValidationError(
            "Муниципальное образование по умолчанию отключить нельзя: в нём работает портал одного округа."
        )
    municipality.is_active = active
    municipality.save(update_fields=["is_active"])
    return municipality
