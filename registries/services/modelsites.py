"""Writes to model sites."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from orgs.models import Organisation
from registries.models import (
    ModelSite,
)
from registries.services.common import assign_fields, require_write, today

# --- Model sites ---------------------------------------------------------------------------

MODELSITE_EDITABLE = ("organisation", "sphere", "title", "audit_date", "auditor", "result")


def _validate_site(site: ModelSite) -> None:
    if site.audit_date and site.audit_date > today():
        raise ValidationError({"audit_date": "Дата партнёрской проверки не может быть в будущем."})


@transaction.atomic
def modelsite_create(*, user, organisation: Organisation, **fields) -> ModelSite:
    require_write(user, organisation)
    site = ModelSite(organisation=organisation)
    assign_fields(site, fields, MODELSITE_EDITABLE)
    _validate_site(site)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def modelsite_update(*, site: ModelSite, user, **fields) -> ModelSite:
    require_write(user, site.organisation)
    assign_fields(site, fields, MODELSITE_EDITABLE)
    require_write(user, site.organisation)
    _validate_site(site)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def modelsite_delete(*, site: ModelSite, user) -> None:
    require_write(user, site.organisation)
    site.delete()
