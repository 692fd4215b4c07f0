"""Effects looked up by id through the access rules (``orgs.access``, the project's organisation)."""

from __future__ import annotations

from effects.models import Effect
from orgs.access import get_object_for_user


def get_effect_for_user(request, pk, *, write: bool = False) -> Effect:
    """The effect by id through its project's organisation: 404 outside the reach, 403 read-only."""
    queryset = Effect.objects.select_related("project__organisation", "project__sphere")
    return get_object_for_user(request.user, queryset, pk, write=write)
