"""The registries behind the plan, one module per register: improvement suggestions,
training, model sites, satisfaction surveys, best-practice contests, culture
self-diagnostics.

These are the core records the plan indicators (``plan/``) and the quarterly reports
(``reporting/``) count; each has the date the counting is done by. Django finds the models
through this package; other names (constants, helpers) are imported from their module.
"""

from registries.models.contests import Contest, ContestEntry, ContestNomination
from registries.models.diagnostics import CultureDiagnostic, DiagnosticRating, DiagnosticStatement
from registries.models.modelsites import ModelSite
from registries.models.suggestions import Suggestion, SuggestionTransition
from registries.models.surveys import GoalSurvey, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from registries.models.training import Training

__all__ = [
    "Contest",
    "ContestEntry",
    "ContestNomination",
    "CultureDiagnostic",
    "DiagnosticRating",
    "DiagnosticStatement",
    "GoalSurvey",
    "ModelSite",
    "Suggestion",
    "SuggestionTransition",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyResponse",
    "Training",
]
