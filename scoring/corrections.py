"""Corrections of a rubric version's misreading, and the recomputation they bring.

A new rubric version never changes stored assessments: each keeps the version it was made
under. A *correction* is different: version 1 was seeded with every criterion knocking out,
a misreading of section 5 of the procedure (DOMAIN.md «Significance rubric»: criteria 1 and 2
knock out). Correcting it recomputes the assessments made under it and records, for the
office, every one whose status changed (``StatusCorrection``), shown until acknowledged.

The functions take ``get_model`` (``apps.get_model`` in a migration, ``django.apps.apps.get_model``
elsewhere) so the data migration runs them with its historical models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.utils import timezone

from scoring.rubric import DEFAULT_CUT_OFF, evaluate_codes, rubric_from_data

# The misread default: all seven criteria of the decree's table knock out.
MISREAD_CUT_OFF = ["1", "2", "3", "4", "5", "6", "7"]
CORRECTED_CUT_OFF = sorted(DEFAULT_CUT_OFF)
VERSION_1_REASON = (
    "Исправлена редакция 1 методики оценки значимости: отсекающие критерии — 1 и 2; 0 баллов по "
    "остальным критериям снижает общий балл, но не отсекает проект (пп. 5.2, 5.3 Порядка)."
)
# States whose status the office relies on: the official assessment and one awaiting agreement.
NOTIFIED_STATES = ("agreed", "submitted")

GetModel = Callable[[str, str], type]


def correct_version_1(get_model: GetModel, *, cut_off=CORRECTED_CUT_OFF, reason: str = VERSION_1_REASON) -> int:
    """Set version 1's knock-out criteria to ``cut_off`` and recompute its assessments.

    Only the seeded misreading (all seven criteria) is corrected: a version 1 the office
    has set otherwise is left alone. Returns the number of assessments whose result changed.
    """
    RubricVersion = get_model("scoring", "RubricVersion")
    version = RubricVersion.objects.filter(number=1).first()
    if version is None:
        return 0
    expected = MISREAD_CUT_OFF if cut_off == CORRECTED_CUT_OFF else CORRECTED_CUT_OFF
    codes = sorted(str(c["code"]) for c in version.data.get("criteria", []))
    if codes != MISREAD_CUT_OFF or sorted(version.data.get("cut_off", [])) != expected:
        return 0
    version.data = {**version.data, "cut_off": list(cut_off)}
    version.save(update_fields=["data"])
    return recompute_assessments(get_model, version=version, reason=reason)


def recompute_assessments(get_model: GetModel, *, version, reason: str) -> int:
    """Recompute total, status and knock-out of every assessment made under ``version``.

    An agreed or submitted assessment whose status changed gets a ``StatusCorrection`` for
    the office. Returns how many results changed.
    """
    Assessment = get_model("scoring", "Assessment")
    AssessmentCriterion = get_model("scoring", "AssessmentCriterion")
    AssessmentIndicator = get_model("scoring", "AssessmentIndicator")
    StatusCorrection = get_model("scoring", "StatusCorrection")
    rubric = rubric_from_data(version.data)
    chosen = defaultdict(list)
    rows = AssessmentIndicator.objects.filter(criterion__assessment__rubric_version=version)
    for assessment_id, code in rows.values_list("criterion__assessment_id", "code"):
        chosen[assessment_id].append(code)
    now = timezone.now()
    changed = 0
    for assessment in Assessment.objects.filter(rubric_version=version).order_by("pk").iterator():
        result = evaluate_codes(chosen[assessment.pk], rubric)
        old = (assessment.total, assessment.is_lean, assessment.status, assessment.cut_off_by)
        new = (result.total, result.is_lean, result.status or "", ",".join(result.cut_off_by))
        if old == new:
            continue
        changed += 1
        # The status itself (recognised or not, and which band); not which criteria knocked it out.
        if assessment.state in NOTIFIED_STATES and old[1:3] != new[1:3]:
            StatusCorrection.objects.create(
                assessment=assessment,
                reason=reason,
                old_total=old[0],
                old_is_lean=old[1],
                old_status=old[2],
                old_cut_off_by=old[3],
                new_total=new[0],
                new_is_lean=new[1],
                new_status=new[2],
                new_cut_off_by=new[3],
                created_at=now,
            )
        assessment.total, assessment.is_lean, assessment.status, assessment.cut_off_by = new
        assessment.save(update_fields=["total", "is_lean", "status", "cut_off_by", "updated_at"])
        for criterion in AssessmentCriterion.objects.filter(assessment=assessment):
            score = result.scores.get(criterion.code)
            if score is not None and score != criterion.score:
                criterion.score = score
                criterion.save(update_fields=["score"])
    return changed
