"""Template helpers of plan monitoring: figures, targets and links to the records behind them."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode

from lean_portal.templatetags.portal import number

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


@lru_cache(maxsize=4096)
def _reverse(name: str, args: tuple, prefix: str, urlconf: str) -> str:
    """``reverse`` remembered per process: the dashboard links hundreds of figures. The script prefix and
    the URLconf are part of the key because ``reverse`` depends on them."""
    return reverse(name, args=args, urlconf=urlconf)


def _url(name: str, *args) -> str:
    return _reverse(name, args, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@register.simple_tag
def records_url(indicator, year, organisation=None) -> str:
    url = _url("plan:records", indicator.pk, year)
    if organisation is not None:
        url += "?" + urlencode({"organisation": organisation.pk})
    return url


@register.simple_tag
def monitoring_url(plan, year, organisation=None) -> str:
    url = _url("plan:organisation", organisation.pk) if organisation else _url("plan:dashboard")
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
