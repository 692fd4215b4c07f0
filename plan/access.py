"""Plans and indicators looked up by id. The plan is the district's document: every logged-in
user reads it (the views' decorators ask for log-in, or the office for changes); 404 when absent."""

from __future__ import annotations

from django.http import Http404

from plan.models import Indicator, Plan


def get_indicator_for_user(request, pk) -> Indicator:
    try:
        return Indicator.objects.select_related("plan").prefetch_related("targets").get(pk=pk)
    except Indicator.DoesNotExist:
        raise Http404("Показатель не найден.") from None


def get_plan_for_user(request, pk) -> Plan:
    try:
        return Plan.objects.get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404("План не найден.") from None
