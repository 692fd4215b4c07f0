"""Sections of a project's page: contest wins, satisfaction surveys, the suggestions behind it."""

from __future__ import annotations

from django.template.loader import render_to_string

from lean_portal.panels import ProjectSection
from registries.models import ContestEntry, GoalSurvey, Suggestion, Survey


def sections(request, project) -> list[ProjectSection]:
    """At most four queries, whatever the number of records."""
    result = []
    entries = list(
        ContestEntry.objects.filter(project=project)
        .filter(is_winner=True)
        .select_related("contest", "nomination")
        .order_by("-contest__year", "place")
    )
    if entries:
        result.append(
            ProjectSection(
                title="Победы в конкурсах лучших практик",
                html=render_to_string("registries/project_contests.html", {"entries": entries}, request=request),
                weight=30,
            )
        )
    links = list(
        GoalSurvey.objects.filter(goal__project=project).select_related("goal", "survey").order_by("goal__position")
    )
    surveys = list(Survey.objects.filter(project=project).order_by("held_on"))
    linked_ids = {link.survey_id for link in links}
    if links or surveys:
        goals: dict[int, dict] = {}
        for link in links:
            row = goals.setdefault(link.goal_id, {"goal": link.goal, "before": None, "after": None})
            row[link.moment] = link.survey
        for row in goals.values():
            row["pair"] = (row["before"], row["after"])
        result.append(
            ProjectSection(
                title="Удовлетворённость пользователей",
                html=render_to_string(
                    "registries/project_surveys.html",
                    {
                        "goals": list(goals.values()),
                        "surveys": [s for s in surveys if s.pk not in linked_ids],
                    },
                    request=request,
                ),
                weight=20,
            )
        )
    suggestions = list(
        Suggestion.objects.filter(project=project).select_related("organisation").order_by("submitted_on")
    )
    if suggestions:
        result.append(
            ProjectSection(
                title="Предложение по улучшению, из которого открыт проект",
                html=render_to_string(
                    "registries/project_suggestions.html", {"suggestions": suggestions}, request=request
                ),
                weight=10,
            )
        )
    return result
