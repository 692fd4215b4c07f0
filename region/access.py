"""Municipalities looked up by their slug, for the regional office's pages (404 when unknown)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs.models import Municipality


def get_municipality_for_user(request, slug: str) -> Municipality:
    """A municipality by slug for the regional office (and administrators); 403 for anyone else, 404 when unknown.

    The views are already ``role_required(User.Role.REGION)``; the check here keeps the lookup safe on its own.
    """
    if not request.user.sees_region:
        raise PermissionDenied("Эта страница недоступна для вашей роли.")
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist:
        raise Http404("Муниципальное образование не найдено.") from None
