"""Reads of the scoring app that several views share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from scoring.models import Assessment, AssessmentIndicator
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


def rubric_change_preview(rubric: Rubric) -> Preview:
    """How each official assessment would score under ``rubric`` (two queries, any number of rows).

    The assessments themselves keep the version they were made under: this only shows the
    office, before it adopts ``rubric``, what the new version changes.
    """
    official = list(
        Assessment.objects.official()
        .select_related("project__organisation", "rubric_version")
        .order_by("project__title", "pk")
    )
    chosen = defaultdict(list)
    indicators = AssessmentIndicator.objects.filter(criterion__assessment__state=Assessment.State.AGREED)
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
