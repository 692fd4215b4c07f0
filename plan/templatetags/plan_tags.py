"""Template helpers of plan monitoring: figures, targets and links to the records behind them."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from lean_portal.formats import number
from orgs.access import MUNICIPALITY_PARAM
from orgs.models import Organisation

register = template.Library()


@register.filter
def figure(value, is_share: bool = False) -> str:
    """An actual value: «нет данных» for an empty share, «45,5 %» for shares, «3» for counts."""
    if value is None:
        return "нет данных"
    return f"{number(value, 1)}\u00a0%" if is_share else number(value, 1)


@register.filter
def target_label(target, is_share: bool = False) -> str:
    if target is None:
        return "не задано"
    text = number(target.value, 1) + ("\u00a0%" if is_share else "")
    return f"не менее {text}" if target.comparison == "at_least" else text


@register.simple_tag
def records_url(indicator, year, organisation=None) -> str:
    url = reverse("plan:records", args=[indicator.pk, year])
    if organisation is not None:
        url += "?" + urlencode({"organisation": organisation.pk})
    return url


@register.simple_tag(takes_context=True)
def monitoring_url(context, plan, year, organisation=None) -> str:
    """The dashboard of ``plan`` (or an organisation's figures); the regional office's links keep the
    plan's municipality (``?municipality=<slug>``), which a municipality's own users never need."""
    url = reverse("plan:organisation", args=[organisation.pk]) if organisation else reverse("plan:dashboard")
    query = {"plan": plan.pk, "year": year}
    user = context.get("user")
    if organisation is None and user is not None and getattr(user, "sees_region", False):
        query[MUNICIPALITY_PARAM] = plan.municipality.slug
    return url + "?" + urlencode(query)


@register.simple_tag
def record_url(obj) -> str:
    """The record's own page: an organisation's card, any other record's ``get_absolute_url()``."""
    if isinstance(obj, Organisation):
        return reverse("orgs:detail", args=[obj.pk])
    return obj.get_absolute_url()
