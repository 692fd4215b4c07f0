"""Who may read and write what: the one place the portal's access rules live.

Reading:
  * the regional project office and administrators read every municipality's records;
  * a municipality's economic development office reads everything of its own municipality
    and nothing across its border;
  * everyone else reads the records of their own organisation and, when it is a
    structural unit, of the institutions subordinate to it.
Writing:
  * a user writes the records of their own organisation only; administrators
    write everything. Reviewing and approving are separate rights checked by the
    workflow services (``user.is_economy``, ``heads_organisation``).

Every view that looks an object up by id goes through ``get_object_for_user`` (or
an app helper built on it): an object outside the user's reach answers 404, one
the user may read but not change answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

# The organisation filter lives with the organisations (orgs.models) and is read here and by
# every app's ``visible_to``.
from orgs.models import Municipality, Organisation, User, visible_organisation_filter


def visible_to(user, queryset: QuerySet, field: str = "organisation") -> QuerySet:
    """Restrict ``queryset`` to the rows ``user`` may read."""
    return queryset.filter(visible_organisation_filter(user, field=field))


def can_read_organisation(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.sees_region:
        return True
    if user.is_economy:
        return user.municipality_id is not None and organisation.municipality_id == user.municipality_id
    org_id = user.organisation_id
    return org_id is not None and org_id in (organisation.pk, organisation.parent_id)


REGION_WRITES_NOTHING = (
    "Региональный проектный офис читает записи муниципальных образований, но не вносит и не изменяет их: "
    "записи вносят организации муниципального образования."
)


def writes_municipal_records(user) -> bool:
    """May enter records of a municipality (passports, registers, imports): a user tied to an
    organisation, except the regional office, which reads every municipality and writes none."""
    return user.is_authenticated and not user.is_region and user.organisation_id is not None


def refuse_regional_writes(user) -> None:
    """403 for the regional office on a view that enters a municipality's records."""
    if user.is_authenticated and user.is_region:
        raise PermissionDenied(REGION_WRITES_NOTHING)


def can_write_organisation(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_portal_admin:
        return True
    return user.organisation_id is not None and user.organisation_id == organisation.pk


def heads_organisation(user, organisation) -> bool:
    """True when ``user`` is the head (director) of ``organisation``."""
    return (
        user.is_authenticated
        and user.is_director
        and user.employee_id is not None
        and organisation.head_id == user.employee_id
    )


def is_decision_deputy(user, organisation) -> bool:
    """True when the admin named ``user`` the deputy who decides for ``organisation``."""
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.decision_deputy_id is not None
        and organisation.decision_deputy_id == user.pk
    )


def decides_as_head(user, organisation) -> bool:
    """The head of ``organisation`` or the deputy the admin named for its decisions."""
    return heads_organisation(user, organisation) or is_decision_deputy(user, organisation)


def decides_as_office(user, filed_by=None) -> bool:
    """The economic development office (and administrators) take the office's decisions; on
    what the office's own organisation ``filed_by`` filed, its named deputy may take them too."""
    if not user.is_authenticated:
        return False
    if user.is_economy or user.is_portal_admin:
        return True
    return filed_by is not None and filed_by.is_economy_office and is_decision_deputy(user, filed_by)


# Maker-checker: nobody accepts, approves, agrees or decides what they filed themselves.
MAKER_REFUSAL = (
    "Решение по документу, который вы подали сами, принимает другой человек: {checker}. "
    "Никто не принимает, не согласовывает и не утверждает то, что подал сам."
)


def maker_refusal(user, makers, checker: str) -> str | None:
    """The Russian refusal when ``user`` is one of ``makers`` (user ids; None ignored), else None."""
    if user.is_authenticated and user.pk in {m for m in makers if m is not None}:
        return MAKER_REFUSAL.format(checker=checker)
    return None


def get_object_for_user(
    user,
    queryset: QuerySet,
    pk,
    *,
    field: str | None = None,
    write: bool = False,
) -> Model:
    """Fetch one object by ``pk`` through the access rules.

    404 when it does not exist or ``user`` may not read it; 403 when ``write`` is
    asked and ``user`` may only read it. ``field`` is the path to the organisation; by
    default the queryset's own (``orgs.querysets.OrganisationScopedQuerySet``), else
    ``"organisation"``.
    """
    if field is None:
        field = getattr(queryset, "organisation_path", "organisation")
    try:
        obj = visible_to(user, queryset, field=field).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("Запись не найдена или недоступна.") from None
    if write:
        organisation = obj
        for part in field.split("__") if field else []:
            organisation = getattr(organisation, part)
        if not can_write_organisation(user, organisation):
            raise PermissionDenied("Изменять эту запись может только её организация.")
    return obj


def role_required(*roles: str) -> Callable:
    """Allow a view only to logged-in users with one of ``roles``.

    Administrators pass every role check. Others get 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            user = request.user
            if user.role not in roles and not user.is_portal_admin:
                raise PermissionDenied("Эта страница недоступна для вашей роли.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def economy_required(view: Callable) -> Callable:
    """Only the economic development office (and administrators)."""
    return role_required(User.Role.ECONOMY)(view)


def get_organisation_for_user(request, pk, *, queryset: QuerySet | None = None):
    """An organisation by id, if ``request.user`` may read its records (404 otherwise)."""
    if queryset is None:
        queryset = Organisation.objects.select_related("parent")
    return get_object_for_user(request.user, queryset, pk, field="")


def office_read_required(view: Callable) -> Callable:
    """The office's read-only pages (dashboards, summaries, lists): a municipality's office, and the
    regional office reading any municipality (``chosen_municipality``); administrators pass too.
    The office's decisions stay ``economy_required``."""
    return role_required(User.Role.ECONOMY, User.Role.REGION)(view)


MUNICIPALITY_PARAM = "municipality"


def chosen_municipality(request) -> Municipality | None:
    """The municipality a page is about.

    A municipality's users (its office included) always get their own, whatever the address says.
    The regional office and administrators choose one with ``?municipality=<slug>`` (404 for an
    unknown one) and get None without it: the whole region.
    """
    user = request.user
    if not user.sees_region:
        return user.municipality
    slug = request.GET.get(MUNICIPALITY_PARAM, "").strip()
    if not slug:
        return None
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404("Муниципальное образование не найдено.")
    return municipality
