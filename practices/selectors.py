"""Reads of the regional bank of practices.

A practice is a project recognised in its municipality: its official (agreed) assessment found it
lean (a status is set) and scored criterion 6 «Тиражирование бережливых проектов» 1 or more. The
rule is the one the scoring library always used; the practice is named by its project's id (a
re-assessment does not change the address). Practices are open to every logged-in user of every
municipality, and their cards are published as open data, so the reads here never follow a
person beyond the project's lead.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from effects.models import Effect
from projects.models import Goal, JustificationItem, Project
from scoring.models import Assessment, AssessmentCriterion

REPLICATION_CRITERION = "6"


def practices() -> QuerySet[Assessment]:
    """The official assessments that make their projects practices (one per project)."""
    return Assessment.objects.official().filter(
        is_lean=True, criteria__code=REPLICATION_CRITERION, criteria__score__gte=1
    )


def _replication_count() -> Coalesce:
    replications = (
        Project.objects.filter(replicates=OuterRef("project_id"))
        .order_by()
        .values("replicates")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(replications, output_field=IntegerField()), Value(0))


def sortable_practices() -> QuerySet[Assessment]:
    """Practices with their replication count, for filtering and ordering (``PracticePaginator`` loads the cards)."""
    return practices().annotate(replication_count=_replication_count())


def practice_cards(queryset: QuerySet[Assessment] | None = None) -> QuerySet[Assessment]:
    """Practices with everything a card shows, in a fixed number of queries for any number of them:
    the main query (with the replication count), the rubric versions, criterion 6 with its indicators,
    the problem, the goals and the confirmed effects."""
    queryset = practices() if queryset is None else queryset
    return (
        queryset.select_related(
            "project__organisation__municipality",
            "project__sphere",
            "project__lead",
        )
        .annotate(replication_count=_replication_count())
        .prefetch_related(
            # One instance per rubric version, shared by the rows: its JSON is read and parsed once.
            "rubric_version",
            Prefetch(
                "criteria",
                queryset=AssessmentCriterion.objects.filter(code=REPLICATION_CRITERION).prefetch_related(
                    Prefetch("indicators", to_attr="indicator_list")
                ),
                to_attr="replication_rows",
            ),
            # Lists (``to_attr``), not managers: a page of 100 records builds no querysets per row.
            Prefetch(
                "project__justification",
                queryset=JustificationItem.objects.order_by("position", "id"),
                to_attr="problem_items",
            ),
            Prefetch("project__goals", queryset=Goal.objects.order_by("position", "id"), to_attr="goal_list"),
            Prefetch(
                "project__effect_records",
                queryset=Effect.objects.confirmed().order_by("position", "id"),
                to_attr="confirmed_effects",
            ),
        )
    )


class PracticePaginator(Paginator):
    """Page numbers whose deep pages stay cheap (a deferred join): the page's ids are read first from
    the filtered, ordered practices (narrow rows, no card columns), then ``practice_cards`` loads those
    rows alone. The same queries on page 1 and page 500."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top]) if top > bottom else []
        cards = {a.pk: a for a in practice_cards(Assessment.objects.filter(pk__in=ids))} if ids else {}
        return self._get_page([cards[pk] for pk in ids if pk in cards], number, self)


def get_practice(project_pk) -> Assessment | None:
    """The practice of project ``project_pk``, or None when the project is not one."""
    try:
        project_pk = int(project_pk)
    except (TypeError, ValueError):
        return None
    return practice_cards().filter(project_id=project_pk).first()


def replications_of(project: Project) -> list[Project]:
    """Every project across the region that replicates ``project`` (any state, drafts included)."""
    return list(
        Project.objects.filter(replicates=project)
        .select_related("organisation__municipality")
        .order_by("created_at", "pk")
    )


def last_change() -> datetime.datetime | None:
    """When the data set last changed: the newest change of a practice's project or assessment,
    of a replication or of a confirmed effect (four small aggregates, no join multiplies rows)."""
    project_ids = practices().values("project_id")
    moments = [
        practices().aggregate(at=Max("updated_at"))["at"],
        Project.objects.filter(pk__in=project_ids).aggregate(at=Max("updated_at"))["at"],
        Project.objects.filter(replicates__in=project_ids).aggregate(at=Max("created_at"))["at"],
        Effect.objects.confirmed().filter(project__in=project_ids).aggregate(at=Max("verified_at"))["at"],
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None
