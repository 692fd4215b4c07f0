"""A practice as a record of the open data set: the API, ``data.json`` and ``data.csv`` share it.

The record holds exactly the published fields (``practices.opendata.FIELDS``), in their order, as
JSON values: numbers as numbers, dates as ISO 8601 strings. Of people it names the project's lead
only (name and position), as the practice card does.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from lean_portal.exporters import number_text
from scoring.models import Assessment
from scoring.rubric import STATUS_LABELS

LIST_SEPARATOR = "; "


def _number(value: Decimal | None) -> int | float:
    value = Decimal(value or 0)
    return int(value) if value == value.to_integral_value() else float(value)


def replication_indicators(assessment: Assessment) -> list[str]:
    """The wording of the chosen indicators of criterion 6, in the version the assessment used."""
    rubric = assessment.rubric_version.to_rubric()
    texts = []
    for row in assessment.replication_rows:
        for indicator in row.indicator_list:
            criterion = rubric.criterion_of(indicator.code)
            texts.append(criterion.indicator(indicator.code).text if criterion else indicator.code)
    return texts


def replication_score(assessment: Assessment) -> Decimal:
    return next((row.score for row in assessment.replication_rows), Decimal(0))


def goals_text(project) -> str:
    return LIST_SEPARATOR.join(
        f"{goal.name} ({goal.unit}): {number_text(goal.current_value)} → {number_text(goal.target_value)}"
        for goal in project.goal_list
    )


def effects_text(project) -> str:
    return LIST_SEPARATOR.join(
        f"{effect.title} — {number_text(effect.actual_value)} {effect.shown_unit}".strip()
        for effect in project.confirmed_effects
    )


def updated_at(assessment: Assessment) -> datetime.datetime:
    return max(assessment.updated_at, assessment.project.updated_at)


def practice_record(assessment: Assessment, *, base_url: str) -> dict:
    """The published fields of one practice (from ``selectors.practice_cards``)."""
    project = assessment.project
    organisation = project.organisation
    municipality = organisation.municipality
    lead = project.lead
    return {
        "id": project.pk,
        "title": project.title,
        "municipality": municipality.name if municipality else "",
        "municipality_code": municipality.slug if municipality else "",
        "organisation": organisation.full_name,
        "organisation_email": organisation.email,
        "sphere": project.sphere.name if project.sphere_id else "",
        "process": project.process,
        "process_start": project.process_start,
        "process_end": project.process_end,
        "problem": LIST_SEPARATOR.join(item.text for item in project.problem_items),
        "solution": project.effects,
        "goals": goals_text(project),
        "confirmed_effects": effects_text(project),
        "status": assessment.status,
        "status_label": STATUS_LABELS.get(assessment.status, ""),
        "total_score": _number(assessment.total),
        "replication_score": _number(replication_score(assessment)),
        "replicability": LIST_SEPARATOR.join(replication_indicators(assessment)),
        "assessed_on": assessment.assessed_on.isoformat(),
        "project_state": project.get_state_display(),
        "lead_name": lead.full_name if lead else "",
        "lead_position": lead.position if lead else "",
        "replications_count": assessment.replication_count,
        "source_practice_id": project.replicates_id,
        "api_url": base_url + reverse("practices:api-detail", args=[project.pk]),
        "updated_at": timezone.localtime(updated_at(assessment), datetime.UTC).isoformat().replace("+00:00", "Z"),
    }
