"""Template helpers of the significance assessment."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points_word(value) -> str:
    """«балл» / «балла» / «баллов» for a score (fractions take «балла»)."""
    value = Decimal(value or 0)
    if value != value.to_integral_value():
        return "балла"
    n = int(value)
    if n % 10 == 1 and n % 100 != 11:
        return "балл"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "балла"
    return "баллов"


@register.filter
def status_badge(assessment) -> str:
    """Bootstrap colour of an assessment's status."""
    if not assessment.is_lean:
        return "danger"
    return {"federal": "success", "regional": "primary", "municipal": "info"}.get(assessment.status, "secondary")


@register.filter
def indicator_text(assessment, code: str) -> str:
    """The wording of indicator ``code`` in the rubric version ``assessment`` used."""
    rubric = assessment.rubric_version.to_rubric()
    criterion = rubric.criterion_of(code)
    return criterion.indicator(code).text if criterion else code


@register.filter
def criterion_score(assessment, code: str):
    """The assessment's score on criterion ``code`` (from its prefetched criteria), or None.

    Lists put each assessment under the columns of the version in force; an assessment made
    under another version may lack a criterion or have one more.
    """
    return next((row.score for row in assessment.criteria.all() if row.code == code), None)
