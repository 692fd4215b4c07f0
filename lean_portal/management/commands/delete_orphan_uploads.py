"""Delete uploaded files no record refers to any more (README, «Security», V12).

A replaced passport scan or training certificate is deleted when the change commits; this
command clears what an older release, an interrupted request or a restore left behind.
Files younger than ``--min-age-hours`` are kept: an upload's transaction may still be open.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalChanges

from lean_portal.backup import stored_files


def referenced_names() -> set[str]:
    """Every file name a current record holds (history rows keep names, not files)."""
    names: set[str] = set()
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def orphan_files(*, min_age: datetime.timedelta) -> list[str]:
    referenced = referenced_names()
    cutoff = timezone.now() - min_age
    return [
        name
        for name in stored_files(default_storage)
        if name not in referenced and default_storage.get_modified_time(name) < cutoff
    ]


class Command(BaseCommand):
    help = "Удалить загруженные файлы, на которые не ссылается ни одна запись (замененные сканы)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="только перечислить, ничего не удалять")
        parser.add_argument("--min-age-hours", type=int, default=24, help="не трогать файлы моложе (часов)")

    def handle(self, *args, dry_run: bool, min_age_hours: int, **options):
        orphans = orphan_files(min_age=datetime.timedelta(hours=min_age_hours))
        for name in orphans:
            if not dry_run:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "Найдено" if dry_run else "Удалено"
        self.stdout.write(self.style.SUCCESS(f"{verb} файлов без записей: {len(orphans)}."))
