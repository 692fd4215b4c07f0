"""What every register's writes share: the write check and field assignment."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from orgs.access import can_write_organisation
from orgs.models import Organisation

# --- helpers ---------------------------------------------------------------------------


def require_write(user, organisation: Organisation) -> None:
    if not can_write_organisation(user, organisation):
        raise PermissionDenied("Изменять эту запись может только её организация.")


def today() -> datetime.date:
    return timezone.localdate()


def assign_fields(instance, fields: Mapping, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"{type(instance).__name__}: field {name!r} cannot be set here")
        setattr(instance, name, value)
