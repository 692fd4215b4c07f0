"""Demo data is idempotent; admin pages open in Russian."""

import pytest
from django.urls import reverse

from orgs import demo as orgs_demo
from reporting import demo
from reporting.models import GoalActual, QuarterlyReport
from reporting.periods import Quarter
from reporting.tests.factories import GoalFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_demo_reports_idempotent_with_actuals_for_existing_projects(frozen_today):
    orgs_demo.load()
    from orgs.models import Organisation

    unit = Organisation.objects.get(short_name="Управление образования")
    GoalFactory(project=ProjectFactory(organisation=unit, approval_date="2025-01-15"))
    first = demo.load()
    assert demo.load() == first
    current = Quarter(2026, 4)
    states = dict(
        QuarterlyReport.objects.filter(organisation__short_name="Управление культуры").values_list("quarter", "state")
    )
    assert states[3] == "returned"
    assert QuarterlyReport.objects.filter(state="accepted").count() >= 10
    draft = QuarterlyReport.objects.get(organisation=unit, year=current.year, quarter=current.quarter)
    assert draft.state == "draft"
    assert GoalActual.objects.filter(goal__project__organisation=unit).count() == 4
    accepted = QuarterlyReport.objects.filter(state="accepted").first()
    assert accepted.snapshot is not None
    assert accepted.submitted_at.date() < accepted.decided_at.date()


@pytest.mark.parametrize("model", ["deadlinerule", "quarterlyreport", "selfassessment", "reminderlog"])
def test_admin_changelists_open(client, admin_user_portal, model, report):
    client.force_login(admin_user_portal)
    response = client.get(reverse(f"admin:reporting_{model}_changelist"))
    assert response.status_code == 200
    assert "Отчётность" in response.content.decode()
