"""Logging access to employees' personal data (152-ФЗ): every page or export that
lists employees calls ``log_personal_data_access``."""

from __future__ import annotations

from lean_portal.auth import client_ip
from orgs.models import PersonalDataAccess


def log_personal_data_access(request, what: str, *, export: bool = False, records: int | None = None) -> None:
    if not request.user.is_authenticated:
        return
    PersonalDataAccess.objects.create(
        user=request.user,
        action=PersonalDataAccess.Action.EXPORT if export else PersonalDataAccess.Action.VIEW,
        what=what[:300],
        path=request.get_full_path()[:500],
        records=records,
        ip_address=client_ip(request) or None,
    )
