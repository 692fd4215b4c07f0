"""The one ``visible_to`` of every record that belongs to an organisation.

Who reads what is the rule in ``orgs.access`` (``visible_organisation_filter``); a QuerySet says
only the path from its row to the organisation (``organisation_path``). ``orgs.models`` does
not import this module (``orgs.access`` reads ``orgs.models``), so the circle stays broken.
"""

from __future__ import annotations

from django.db import models

from orgs.models import visible_organisation_filter


class OrganisationScopedQuerySet(models.QuerySet):
    """Rows owned by an organisation; ``visible_to(user)`` keeps those ``user`` may read."""

    # The lookup from the row to its ``Organisation`` (e.g. ``"project__organisation"``).
    organisation_path = "organisation"

    def visible_to(self, user) -> OrganisationScopedQuerySet:
        return self.filter(visible_organisation_filter(user, field=self.organisation_path))
