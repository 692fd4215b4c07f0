"""The change history of a passport and its rows, read from django-simple-history.

Every saved version of the project, its team members, justification items and goals is a
historical record; this module lines them up newest first and lists what changed between
consecutive versions of each object, in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils import timezone

from lean_portal.templatetags.portal import number
from orgs.models import Employee, User
from projects.changes import baseline_changes
from projects.models import Goal, JustificationItem, Project, TeamMember

SKIPPED = {
    "id",
    "project",
    "position",
    "created_at",
    "updated_at",
    "version",
    "created_by",
    "submitted_at",
    "search_text",
}
ACTIONS = {"+": "создание", "~": "изменение", "-": "удаление"}


@dataclass
class Change:
    label: str
    old: str
    new: str
    # Said in words instead of «old → new» (a replaced file, a list of what changed in the baseline).
    note: str = ""


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[Change] = field(default_factory=list)
    # Why the version was made, when recorded (an import: «импорт из файла …»).
    reason: str = ""


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.fields if f.name not in SKIPPED]


def _display(f: models.Field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return names.get((f.related_model, value), f"№ {value}")
    if isinstance(f, models.DateTimeField):
        # Local time to the minute, as the rest of the page.
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(f, models.DateField):
        return value.strftime("%d.%m.%Y")
    if isinstance(f, models.BooleanField):
        return "да" if value else "нет"
    if isinstance(f, models.DecimalField):
        return number(value)
    return str(value)


def _change(f: models.Field, old, new, names: dict) -> Change:
    """One field's change in words a person reads: files and the baseline are described, not dumped."""
    label = str(f.verbose_name)
    if isinstance(f, models.FileField):
        # The stored name is the storage's business: only whether a file was attached, replaced or removed.
        note = "файл удалён" if not new else "файл заменён" if old else "файл загружен"
        return Change(label, "", "", note=note)
    if f.name == "baseline":
        return Change(label, "", "", note="; ".join(baseline_changes(old, new)))
    return Change(label, _display(f, old, names), _display(f, new, names))


def _name(obj) -> str:
    if isinstance(obj, Employee):
        return obj.full_name
    if isinstance(obj, User):
        return obj.display_name
    return str(obj)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "система"
    return user.display_name


def _subject(model, record) -> str:
    if model is Project:
        return "Паспорт"
    if model is TeamMember:
        return f"Команда: {record.role}"
    if model is JustificationItem:
        return f"Обоснование: {record.text[:60]}"
    return f"Цель: {record.name}"


def _participants_by_record(project: Project, records: list) -> dict[int, str]:
    """Participating organisations of each historical version of the project, as text (two queries)."""
    through = Project.history.model.participants.model
    rows = list(through.objects.filter(history__id=project.pk).values_list("history_id", "organisation__short_name"))
    by_record: dict[int, list[str]] = {}
    for history_id, name in rows:
        by_record.setdefault(history_id, []).append(name)
    return {history_id: ", ".join(sorted(names)) for history_id, names in by_record.items()}


def project_history(project: Project) -> list[HistoryEntry]:
    groups = [
        (Project, project.history.all()),
        (TeamMember, TeamMember.history.filter(project_id=project.pk)),
        (JustificationItem, JustificationItem.history.filter(project_id=project.pk)),
        (Goal, Goal.history.filter(project_id=project.pk)),
    ]
    records = []
    for model, queryset in groups:
        records.append((model, list(queryset.select_related("history_user__employee").order_by("history_id"))))

    # Names of the objects foreign keys point to, fetched once per model.
    wanted: dict[type, set] = {}
    for model, rows in records:
        for f in _fields(model):
            if isinstance(f, models.ForeignKey):
                ids = wanted.setdefault(f.related_model, set())
                ids.update(getattr(r, f.attname) for r in rows if getattr(r, f.attname))
    names: dict = {}
    for model, ids in wanted.items():
        if ids:
            queryset = model.objects.filter(pk__in=ids)
            if model is User:
                queryset = queryset.select_related("employee")
            for obj in queryset:
                names[(model, obj.pk)] = _name(obj)

    participants = _participants_by_record(project, records[0][1])

    entries: list[HistoryEntry] = []
    for model, rows in records:
        fields = _fields(model)
        previous: dict = {}
        for record in rows:
            before = previous.get(record.id)
            changes = []
            if model is Project and record.history_type != "-":
                old_set = participants.get(before.history_id, "—") if before is not None else "—"
                new_set = participants.get(record.history_id, "—")
                if old_set != new_set:
                    changes.append(Change("участвующие организации", old_set, new_set))
            for f in fields:
                new = getattr(record, f.attname)
                old = getattr(before, f.attname) if before is not None else None
                if record.history_type == "-" or (before is not None and old == new):
                    continue
                if before is None and new in (None, ""):
                    continue
                changes.append(_change(f, old, new, names))
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=_who(record),
                    subject=_subject(model, record),
                    action=ACTIONS.get(record.history_type, record.history_type),
                    changes=changes,
                    reason=record.history_change_reason or "",
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
