"""Home-page panels of the registries."""

import datetime

import pytest
from django.urls import reverse

from lean_portal.panels import collect_panels
from registries.home import panels
from registries.home import panels as registry_panels
from registries.models import Suggestion
from registries.tests.factories import PortalSurveyFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


def test_suggestions_awaiting_decision_for_the_organisation(
    client, unit, other_org, department_user, django_assert_max_num_queries
):
    for i in range(7):
        SuggestionFactory(organisation=unit, title=f"Ждёт {i}", submitted_on=datetime.date(2024, 1, i + 1))
    SuggestionFactory(organisation=unit, title="Внедрено", state=Suggestion.State.IMPLEMENTED)
    SuggestionFactory(organisation=other_org, title="Чужое")
    PortalSurveyFactory(organisation=unit, title="Идущий опрос")
    client.force_login(department_user)
    response = client.get(reverse("home"))
    panels = {p.title: p for p in response.context["panels"]}
    waiting = panels["Предложения по улучшению ждут решения"]
    assert [i.text for i in waiting.items] == [f"Ждёт {i}" for i in range(5)]
    assert [i.text for i in panels["Идут опросы удовлетворённости"].items] == ["Идущий опрос"]

    request = response.wsgi_request
    with django_assert_max_num_queries(4):
        registry_panels(request)
    assert collect_panels


def test_no_panels_for_an_account_without_organisation(rf, admin_user_portal):

    request = rf.get("/")
    request.user = admin_user_portal
    assert panels(request) == []
