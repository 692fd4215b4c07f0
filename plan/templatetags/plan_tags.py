"""Template helpers of plan monitoring: figures, targets and links to the records behind them."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from lean_portal.formats import number

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


@register.simple_tag
def monitoring_url(plan, year, organisation=None) -> str:
    url = reverse("plan:organisation", args=[organisation.pk]) if organisation else reverse("plan:dashboard")
    return url + "?" + urlencode({"plan": plan.pk, "year": year})


@register.simple_tag
def record_url(obj) -> str:
    """The record's own page when its app provides one, else an empty string."""
    if hasattr(obj, "get_absolute_url"):
        try:
            return obj.get_absolute_url()
        except NoReverseMatch:
            return ""
    names = {
        "suggestion": "registries:suggestion-detail",
        "modelsite": "registries:modelsite-detail",
        "survey": "registries:survey-detail",
        "contest": "registries:contest-detail",
        "organisation": "orgs:detail",
    }
    name = names.get(obj._meta.model_name)
    if name is None:
        return ""
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return ""
