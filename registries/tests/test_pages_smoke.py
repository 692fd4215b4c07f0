"""Every page of the app renders for a reader with data on it (templates and queries hold together)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from registries import models
from registries.tests.factories import (
    ContestEntryFactory,
    ContestFactory,
    DiagnosticFactory,
    ModelSiteFactory,
    StatementFactory,
    SuggestionFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    TrainingFactory,
)

pytestmark = pytest.mark.django_db


def test_every_page_renders(client, department_user, unit, make_project, economy_user):
    suggestion = SuggestionFactory(organisation=unit)
    training = TrainingFactory(employee=department_user.employee)
    site = ModelSiteFactory(organisation=unit)
    survey = SurveyFactory(organisation=unit)
    question = SurveyQuestionFactory(survey__organisation=unit)
    contest = ContestFactory(organisation=unit)
    ContestEntryFactory(contest=contest, project=make_project(unit), is_winner=True, place=1)
    statement = StatementFactory()
    diagnostic = DiagnosticFactory(organisation=unit)
    client.force_login(department_user)
    urls = [
        reverse("registries:suggestion-list"),
        reverse("registries:suggestion-create"),
        reverse("registries:suggestion-counts"),
        reverse("registries:suggestion-detail", args=[suggestion.pk]),
        reverse("registries:suggestion-edit", args=[suggestion.pk]),
        reverse("registries:training-list"),
        reverse("registries:training-create"),
        reverse("registries:training-detail", args=[training.pk]),
        reverse("registries:training-edit", args=[training.pk]),
        reverse("registries:modelsite-list"),
        reverse("registries:modelsite-create"),
        reverse("registries:modelsite-detail", args=[site.pk]),
        reverse("registries:modelsite-edit", args=[site.pk]),
        reverse("registries:survey-list"),
        reverse("registries:survey-create"),
        reverse("registries:survey-detail", args=[survey.pk]),
        reverse("registries:survey-edit", args=[survey.pk]),
        reverse("registries:survey-detail", args=[question.survey.pk]),
        reverse("registries:survey-print", args=[question.survey.pk]),
        reverse("registries:contest-list"),
        reverse("registries:contest-create"),
        reverse("registries:contest-detail", args=[contest.pk]),
        reverse("registries:contest-edit", args=[contest.pk]),
        reverse("registries:diagnostics-list"),
        reverse("registries:diagnostics-create"),
        reverse("registries:diagnostics-detail", args=[diagnostic.pk]),
        reverse("registries:diagnostics-edit", args=[diagnostic.pk]),
        reverse("registries:diagnostics-compare", args=[unit.pk]),
        reverse("registries:recognition"),
        reverse("home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    client.force_login(economy_user)
    assert client.get(reverse("registries:statement-list")).status_code == 200
    assert client.get(reverse("registries:statement-edit", args=[statement.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("registries:survey-public", args=[question.survey.public_token])).status_code == 200


def test_admin_pages_render(client, admin_user_portal, unit, department_user):

    SuggestionFactory(organisation=unit)
    TrainingFactory(employee=department_user.employee)
    client.force_login(admin_user_portal)
    registered = [m for m in admin.site._registry if m._meta.app_label == "registries"]
    assert models.Suggestion in registered and models.DiagnosticStatement in registered
    for model in registered:
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            assert client.get(url).status_code == 200, url
