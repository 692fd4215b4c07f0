"""Reads of surveys: the live result of a survey run in the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from lean_portal.formats import percent, round_half_up
from registries.models import (
    Survey,
    SurveyAnswer,
)
from registries.models.surveys import SATISFIED_FROM, SCALE_MAX, SCALE_MIN

# --- Surveys ------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return percent(part, whole, 1)


@dataclass
class QuestionResult:
    question: object
    answers: int = 0
    total: int = 0
    distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(SCALE_MIN, SCALE_MAX + 1), 0))

    @property
    def average(self) -> Decimal | None:
        if not self.answers:
            return None
        return round_half_up(Decimal(self.total) / self.answers, 2)

    @property
    def satisfied_share(self) -> Decimal | None:
        return _share(sum(n for score, n in self.distribution.items() if score >= SATISFIED_FROM), self.answers)

    def bars(self) -> list[tuple[int, int, Decimal]]:
        """(score, count, percent) for the distribution chart."""
        return [(score, n, _share(n, self.answers) or Decimal(0)) for score, n in self.distribution.items()]


@dataclass
class SurveyResult:
    respondents: int | None
    satisfied_share: Decimal | None
    questions: list[QuestionResult]
    live: bool


def survey_results(survey: Survey) -> SurveyResult:
    """Live results of a portal survey (three queries); the recorded figures otherwise.

    Share satisfied: the share of all answers at 4 or 5 on the 1–5 scale.
    """
    if not survey.runs_in_portal:
        return SurveyResult(survey.respondents, survey.satisfied_share, [], live=False)
    questions = {q.pk: QuestionResult(question=q) for q in survey.questions.all()}
    rows = (
        SurveyAnswer.objects.filter(question__survey=survey)
        .values("question_id", "score")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        result = questions.get(row["question_id"])
        if result is None:
            continue
        result.distribution[row["score"]] = row["n"]
        result.answers += row["n"]
        result.total += row["n"] * row["score"]
    respondents = survey.responses.count()
    answers = sum(q.answers for q in questions.values())
    satisfied = sum(n for q in questions.values() for s, n in q.distribution.items() if s >= SATISFIED_FROM)
    return SurveyResult(respondents, _share(satisfied, answers), list(questions.values()), live=True)
