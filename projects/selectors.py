"""Reads of projects: the registry with its filters, derived stage columns and similar projects."""

from __future__ import annotations

import datetime
import re

from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from projects.models import STAGES, Project, stage_field_names


def planned_stage_expression(today: datetime.date) -> Case:
    """``Project.planned_stage(today)`` in SQL: the first stage whose end is today or later,
    else the last stage with dates, else NULL."""
    upcoming = [When(**{f"{stage_field_names(n)[1]}__gte": today}, then=Value(n)) for n, _, _ in STAGES]
    last_dated = [When(**{f"{stage_field_names(n)[1]}__isnull": False}, then=Value(n)) for n, _, _ in reversed(STAGES)]
    return Case(*upcoming, *last_dated, default=None, output_field=IntegerField())


def actual_stage_expression() -> Case:
    """``Project.actual_stage`` in SQL."""
    state = Project.State
    return Case(
        When(state=state.MONITORING, stability_checked_on__isnull=False, then=Value(11)),
        When(state=state.MONITORING, then=Value(10)),
        When(state=state.CLOSED, then=Value(10)),
        When(state__in=Project.ACTIVE_STATES, current_stage__gt=2, then=F("current_stage")),
        When(state__in=Project.ACTIVE_STATES, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )


def overdue_q(today: datetime.date) -> Q:
    """Projects with a stage whose end has passed while the project has not moved past it
    (needs the ``actual_stage_no`` annotation)."""
    q = Q()
    for number, _, _ in STAGES:
        end_field = stage_field_names(number)[1]
        q |= Q(**{f"{end_field}__lt": today, "actual_stage_no__lte": number})
    return q


def registry_queryset(user, today: datetime.date | None = None) -> QuerySet:
    """Projects ``user`` may read, with what the registry shows, in a fixed number of queries."""
    today = today or timezone.localdate()
    return (
        Project.objects.visible_to(user)
        .select_related("organisation", "sphere", "lead", "replicates")
        .annotate(planned_stage_no=planned_stage_expression(today), actual_stage_no=actual_stage_expression())
        .annotate(
            has_overdue=Case(
                When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    )


def state_counts(queryset: QuerySet) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, zeros included, in the life cycle's order."""
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return [(value, label, counts.get(value, 0)) for value, label in Project.State.choices]


# --- Similar projects (duplicates) ----------------------------------------------------

STOP_WORDS = {
    "и", "в", "во", "на", "по", "при", "для", "из", "с", "со", "о", "об", "от", "до", "к", "ко",
    "не", "без", "за", "через", "или", "а", "у", "процесс", "процесса", "проект", "проекта",
    "оптимизация", "оптимизации", "совершенствование", "улучшение",
}  # fmt: skip
STEM_LENGTH = 6
CANDIDATE_LIMIT = 200


def stems(text: str) -> set[str]:
    """Rough Russian word stems: lower-case words without stop words, cut to six letters."""
    words = re.findall(r"[0-9a-zа-яё]+", (text or "").lower().replace("ё", "е"))
    return {w[:STEM_LENGTH] for w in words if len(w) > 2 and w not in STOP_WORDS}


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# Passports other organisations may see in the similar-projects hint: those the office has
# accepted. Drafts and passports under review stay with their organisation.
SHARED_STATES = [
    Project.State.ACCEPTED,
    Project.State.APPROVED,
    Project.State.IN_PROGRESS,
    Project.State.CLOSED,
    Project.State.MONITORING,
]


def similar_projects(
    *,
    title: str,
    process: str = "",
    user=None,
    exclude_pk: int | None = None,
    limit: int = 5,
    threshold: float = 0.3,
) -> list[tuple[Project, float]]:
    """Projects in any organisation whose title or process resembles these ones.

    With ``user``, only projects the user may read plus other organisations' accepted
    passports (``SHARED_STATES``) are candidates.

    The database narrows the candidates with ``icontains`` on the words' stems (bounded);
    Python scores them by word overlap (Jaccard) — the same on SQLite and PostgreSQL.
    """
    wanted_title, wanted_process = stems(title), stems(process)
    words = wanted_title | wanted_process
    if not words:
        return []
    q = Q()
    for word in sorted(words, key=len, reverse=True)[:8]:
        # SQLite folds case for ASCII only: ask for the capitalised form too (a title's first word).
        for variant in {word, word.capitalize()}:
            q |= Q(title__icontains=variant) | Q(process__icontains=variant)
    candidates = Project.objects.filter(q).select_related("organisation").order_by("-created_at")
    if user is not None:
        from orgs.access import visible_organisation_filter

        candidates = candidates.filter(visible_organisation_filter(user) | Q(state__in=SHARED_STATES))
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    scored = []
    for project in candidates[:CANDIDATE_LIMIT]:
        score = max(
            similarity(wanted_title, stems(project.title)),
            similarity(wanted_process, stems(project.process)) if wanted_process else 0.0,
        )
        if score >= threshold:
            scored.append((project, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
