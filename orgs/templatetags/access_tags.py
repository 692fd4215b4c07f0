"""Templates ask the access rules (``orgs.access``) before linking to a record: a record the
user may not open is shown by name, without a link that would end in 404."""

from django import template

from orgs.access import can_read_organisation

register = template.Library()


@register.filter
def may_read(user, organisation) -> bool:
    """``{% if user|may_read:project.organisation %}``: may ``user`` open that organisation's records?"""
    if user is None or organisation is None:
        return False
    return can_read_organisation(user, organisation)
