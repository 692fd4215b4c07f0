"""Plans and indicators looked up by id. A plan is its municipality's document: every logged-in user of
that municipality reads it (the views' decorators ask for log-in, or the office for changes), the regional
office and administrators read every municipality's; 404 when absent or across the border."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from plan.models import Indicator, Plan


def plans_visible_q(user, field: str = "") -> Q:
    """A ``Q`` on ``Plan`` (or on a model reaching it through ``field``): the plans ``user`` may read."""
    prefix = f"{field}__" if field else ""
    if user.sees_region:
        return Q()
    municipality_id = user.municipality_id
    if municipality_id is None:
        return Q(**{f"{prefix}pk__in": []})
    return Q(**{f"{prefix}municipality_id": municipality_id})


def get_indicator_for_user(request, pk) -> Indicator:
    queryset = Indicator.objects.filter(plans_visible_q(request.user, "plan"))
    try:
        return queryset.select_related("plan__municipality").prefetch_related("targets").get(pk=pk)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404("Показатель не найден.") from None


def get_plan_for_user(request, pk) -> Plan:
    try:
        return Plan.objects.filter(plans_visible_q(request.user)).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404("План не найден.") from None
