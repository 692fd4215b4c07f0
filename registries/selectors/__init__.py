"""Reads of the registries: results, counts and tables computed by database aggregation.

Public helpers other apps use:
  * ``winning_project_ids(year=None)`` — ids of projects that won a best-practice contest
    (the scoring library marks them);
  * ``survey_results(survey)`` — a survey's respondents, share satisfied and distribution.
"""
