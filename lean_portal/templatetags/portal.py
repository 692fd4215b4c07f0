"""Template filters shared by every app: Russian document dates and numbers (lean_portal.formats).
Query strings: Django's ``{% querystring %}``."""

from __future__ import annotations

from django import template

from lean_portal.formats import document_date, number

register = template.Library()

register.filter("document_date", document_date)
register.filter("number", number)
