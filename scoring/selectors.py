"""Reads of the scoring app that several views share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from scoring.models import Assessment, AssessmentIndicator, RubricVersion
from scoring.rubric import Rubric, evaluate_codes, result_label


@dataclass(frozen=True)
class PreviewRow:
    """An official assessment as it stands, and what it would be under another rubric."""

    assessment: Assessment
    old_total: Decimal
    old_label: str
    new_total: Decimal
    new_label: str

    @property
    def status_changed(self) -> bool:
        return self.old_label != self.new_label


@dataclass(frozen=True)
class Preview:
    rows: list[PreviewRow]  # only the assessments whose score or status would change
    official_count: int

    @property
    def status_changes(self) -> int:
        return sum(1 for row in self.rows if row.status_changed)


def assessments_in_scope(municipality=None):
    """The official assessments a rubric version of a scope would apply to: a municipality's own
    version to that municipality's projects; the regional default to the projects of every
    municipality that has no current version of its own."""
    official = Assessment.objects.official()
    if municipality is not None:
        return official.filter(project__organisation__municipality=municipality)
    own = RubricVersion.objects.filter(is_current=True, municipality__isnull=False).values("municipality_id")
    return official.exclude(project__organisation__municipality__in=own)


def rubric_change_preview(rubric: Rubric, *, municipality=None) -> Preview:
    """How each official assessment of the scope would score under ``rubric`` (two queries, any
    number of rows).

    The assessments themselves keep the version they were made under: this only shows the
    office, before it adopts ``rubric``, what the new version changes in its scope
    (``assessments_in_scope``).
    """
    scope = assessments_in_scope(municipality)
    official = list(scope.select_related("project__organisation", "rubric_version").order_by("project__title", "pk"))
    chosen = defaultdict(list)
    indicators = AssessmentIndicator.objects.filter(criterion__assessment__in=scope.values("pk"))
    for assessment_id, code in indicators.values_list("criterion__assessment_id", "code"):
        chosen[assessment_id].append(code)
    rubrics: dict[int, Rubric] = {}
    rows = []
    for assessment in official:
        version = assessment.rubric_version
        old_rubric = rubrics.setdefault(version.pk, version.to_rubric())
        old_label = result_label(assessment.is_lean, assessment.status, assessment.cut_off_codes, old_rubric)
        result = evaluate_codes(chosen[assessment.pk], rubric)
        new_label = result_label(result.is_lean, result.status, result.cut_off_by, rubric)
        if result.total != assessment.total or new_label != old_label:
            rows.append(PreviewRow(assessment, assessment.total, old_label, result.total, new_label))
    return Preview(rows=rows, official_count=len(official))
