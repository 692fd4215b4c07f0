"""Reads of projects: the registry with its filters, derived stage columns and similar projects."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from orgs.access import visible_organisation_filter
from orgs.models import Organisation
from projects.models import STAGES, Project, TeamMember, stage_field_names


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


def last_ended_stage_expression(today: datetime.date) -> Case:
    """The highest stage number whose end is before ``today``; NULL when none has ended."""
    ended = [
        When(**{f"{stage_field_names(number)[1]}__lt": today}, then=Value(number))
        for number in sorted((number for number, _, _ in STAGES), reverse=True)
    ]
    return Case(*ended, default=None, output_field=IntegerField())


def overdue_q(today: datetime.date) -> Q:
    """Projects with a stage whose end has passed while the project has not moved past it
    (needs the ``actual_stage_no`` annotation).

    "Some stage n ended before today with ``actual_stage_no <= n``" is the same as
    ``actual_stage_no <=`` the last ended stage (0 when none has ended: never true, and never
    NULL, so that ``exclude()`` keeps those projects). One comparison instead of an OR of ten,
    each of which repeated the whole ``actual_stage_no`` CASE in the SQL (and its compilation in
    Python)."""
    return Q(actual_stage_no__lte=Coalesce(last_ended_stage_expression(today), Value(0)))


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
    """(state, label, count) for every state, zeros included, in the life cycle's order.

    ``COUNT(*)``, not ``COUNT(id)``: PostgreSQL then counts from the index on ``state`` alone
    (an index-only scan instead of reading the table; measured: bench/README.md)."""
    counts = dict(queryset.order_by().values_list("state").annotate(n=Count("*")).values_list("state", "n"))
    return [(value, label, counts.get(value, 0)) for value, label in Project.State.choices]


def _ordering_with_tiebreak(queryset: QuerySet) -> list:
    """The queryset's ordering ended by the primary key, in the first key's direction, so that
    offset pages never repeat or skip rows that share a sort value (and the default order
    ``-created_at, -id`` matches the index ``project_created_id_desc``)."""
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    names = [o for o in ordering if isinstance(o, str)]
    if any(name.lstrip("-") in ("pk", "id") for name in names):
        return ordering
    descending = bool(names) and names[0].startswith("-")
    sign = "-" if descending else ""
    if [name.lstrip("-") for name in names] == [BY_ORGANISATION]:
        # Organisations sharing a short name stay apart: ``DeferredJoinPaginator`` pages by them.
        return [*ordering, f"{sign}organisation_id", f"{sign}pk"]
    return [*ordering, f"{sign}pk"]


BY_ORGANISATION = "organisation__short_name"


class DeferredJoinPaginator(Paginator):
    """Page numbers over a large queryset whose deep pages stay cheap (a "deferred join").

    The offset is paid on the ids alone: ``SELECT id … ORDER BY … OFFSET n LIMIT 25`` can walk an
    index (index-only where one covers the order) instead of building every skipped row with its
    joins and computed columns. Then ``rows(ids)`` loads the page's rows with everything the page
    shows, and they are put back in the ids' order. Same queries however deep the page."""

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        rows: Callable[[list[int]], QuerySet],
        count_with_page: bool = False,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        # For a costly filter (the text search): the total comes with the page's ids,
        # ``COUNT(*) OVER ()``, so the filter is evaluated once, not once more for the count.
        self.count_with_page = count_with_page and not self.orphans

    def _ordered(self) -> QuerySet:
        return self.object_list.order_by(*_ordering_with_tiebreak(self.object_list))

    def page(self, number):
        ids = None
        ordering = _ordering_with_tiebreak(self.object_list)
        by_organisation = bool(ordering) and isinstance(ordering[0], str) and ordering[0].lstrip("-") == BY_ORGANISATION
        if by_organisation:
            if "_groups" not in self.__dict__:
                self._groups = self._organisation_groups(ordering)
                self.count = sum(n for _, n in self._groups)
            groups = self._groups
        elif self.count_with_page and "count" not in self.__dict__:
            ids = self._ids_and_count(number)
        number = self.validate_number(number)
        if ids is None:
            bottom = (number - 1) * self.per_page
            top = bottom + self.per_page
            if top + self.orphans >= self.count:
                top = self.count
            if top <= bottom:
                ids = []
            elif by_organisation:
                ids = self._ids_by_organisation(ordering, groups, bottom, top)
            else:
                ids = list(self._ordered().values_list("pk", flat=True)[bottom:top])
        by_pk = {row.pk: row for row in self.rows(ids).order_by()} if ids else {}
        return self._get_page([by_pk[pk] for pk in ids if pk in by_pk], number, self)

    def _organisation_groups(self, ordering: list) -> list[tuple[int, int]]:
        """(organisation id, number of rows) in the page order. Sorting every joined row by the
        organisation's name is slow at region scale; counting rows per organisation id reads an
        index, and sorting the organisations alone is cheap."""
        counts = dict(self.object_list.order_by().values_list("organisation_id").annotate(n=Count("*")))
        sign = "-" if ordering[0].startswith("-") else ""
        order = Organisation.objects.order_by(f"{sign}short_name", f"{sign}id").values_list("pk", flat=True)
        return [(pk, counts[pk]) for pk in order if pk in counts]

    def _ids_by_organisation(self, ordering: list, groups: list[tuple[int, int]], bottom: int, top: int) -> list[int]:
        """The ids of rows ``bottom:top`` when sorted by organisation: only the organisations whose
        rows fall in that range are read."""
        start = 0
        wanted, skip = [], None
        for org_id, n in groups:
            if start + n > bottom and start < top:
                wanted.append(org_id)
                skip = start if skip is None else skip
            start += n
            if start >= top:
                break
        rows = self.object_list.filter(organisation_id__in=wanted).order_by(*ordering)
        return list(rows.values_list("pk", flat=True)[bottom - skip : top - skip])

    def _ids_and_count(self, number) -> list[int] | None:
        """The page's ids, setting ``count`` from the same query; None when that page is empty
        (then the ordinary count decides whether it exists)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        bottom = (number - 1) * self.per_page
        total = Window(Count("*"))
        rows = list(self._ordered().annotate(_total=total).values_list("pk", "_total")[bottom : bottom + self.per_page])
        if not rows:
            return None
        self.count = rows[0][1]
        return [pk for pk, _ in rows]


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
    passports (``Project.PUBLISHED_STATES``) are candidates.

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
        published = Q(state__in=Project.PUBLISHED_STATES)
        if not user.sees_region:
            # Published passports of the user's own municipality; a neighbour's reach it only
            # through the bank of practices.
            published &= Q(organisation__municipality_id=user.municipality_id)
        candidates = candidates.filter(visible_organisation_filter(user) | published)
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


def seconded_staff(organisation) -> tuple[QuerySet, QuerySet]:
    """``(team rows, projects led)``: the organisation's employees on the projects of other
    organisations, for its head to see and, where they did not agree, to withdraw."""
    members = (
        TeamMember.objects.filter(employee__organisation=organisation)
        .exclude(project__organisation=organisation)
        .select_related("employee", "project__organisation")
        .order_by("project__organisation__short_name", "project__title", "pk")
    )
    led = (
        Project.objects.filter(lead__organisation=organisation)
        .exclude(organisation=organisation)
        .select_related("lead", "organisation")
        .order_by("organisation__short_name", "title", "pk")
    )
    return members, led
