"""Reporting per municipality: each office's summary, export and deadline rules are its own; the regional
office reads a chosen municipality's summary and decides nothing; each organisation's deadlines follow its
own municipality's rules."""

import datetime

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.models import Municipality
from reporting.deadlines import Kind, Rules
from reporting.models import DeadlineRule, QuarterlyReport
from reporting.periods import Quarter
from reporting.selectors import status_table
from reporting.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db

PERIOD = Quarter(2026, 3)
STATUS = reverse("reporting:status")
DEFAULT = Municipality.DEFAULT_SLUG


@pytest.fixture
def far_rule(other_municipality):
    """The other municipality's office asks for the quarterly report by the 25th."""
    return DeadlineRule.objects.create(
        municipality=other_municipality, kind=Kind.QUARTERLY_REPORT, day=25, months_after=1
    )


def test_each_organisation_follows_its_municipalitys_rules(unit, far_org, far_rule):
    rules = Rules.load()
    assert rules.report_due(far_org, PERIOD) == datetime.date(2026, 10, 25)
    assert rules.report_due(unit, PERIOD) == Rules.load(unit.municipality_id).report_due(unit, PERIOD)
    assert rules.report_due(unit, PERIOD) != datetime.date(2026, 10, 25)
    # Loaded for a municipality, an organisation named by id gets that municipality's rules.
    assert Rules.load(far_org.municipality_id).report_due(far_org.pk, PERIOD) == datetime.date(2026, 10, 25)


def test_status_table_lists_the_municipalitys_organisations_only(unit, school, far_org, other_municipality):
    ours = {
        o.pk for o in status_table(PERIOD, datetime.date(2026, 11, 1), municipality=unit.municipality).organisations
    }
    theirs = {
        o.pk for o in status_table(PERIOD, datetime.date(2026, 11, 1), municipality=other_municipality).organisations
    }
    assert {unit.pk, school.pk} <= ours and far_org.pk not in ours
    assert theirs == {far_org.pk}


def test_another_municipalitys_office_sees_its_own_summary(client, far_economy_user, unit, far_org):
    response = client_for(client, far_economy_user).get(STATUS, {"year": 2026, "quarter": 3, "municipality": DEFAULT})
    assert response.status_code == 200
    names = [row.organisation.short_name for row in response.context["rows"]]
    assert names == [far_org.short_name]


def test_another_municipalitys_office_cannot_decide_our_report(client, far_economy_user, unit, department_user):
    report = ReportFactory(organisation=unit, year=2026, quarter=3, state=QuarterlyReport.State.SUBMITTED)
    c = client_for(client, far_economy_user)
    assert c.get(report.get_absolute_url()).status_code == 404
    assert c.post(reverse("reporting:accept", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.state == QuarterlyReport.State.SUBMITTED


def test_the_regional_office_chooses_a_municipality_and_reads_its_summary(client, region_user, unit, far_org):
    c = client_for(client, region_user)
    response = c.get(STATUS)
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "reporting/choose_municipality.html"
    assert 'for="id_municipality">Муниципальное образование</label>' in response.content.decode()
    response = c.get(STATUS, {"year": 2026, "quarter": 3, "municipality": "belovsky"})
    assert [row.organisation.pk for row in response.context["rows"]] == [far_org.pk]
    assert "municipality=belovsky" in response.content.decode()
    assert c.get(reverse("reporting:export"), {"year": 2026, "quarter": 3, "municipality": DEFAULT}).status_code == 200
    assert c.get(reverse("reporting:export"), {"year": 2026, "quarter": 3}).status_code == 404
    assert c.get(reverse("reporting:deadline-rules")).status_code == 403


def test_the_regional_office_never_accepts(client, region_user, unit):
    report = ReportFactory(organisation=unit, year=2026, quarter=3, state=QuarterlyReport.State.SUBMITTED)
    c = client_for(client, region_user)
    assert c.post(reverse("reporting:accept", args=[report.pk])).status_code == 403
    assert c.post(reverse("reporting:return", args=[report.pk]), {"comment": "нет"}).status_code == 403


def test_deadline_rules_page_edits_the_offices_municipality(client, far_economy_user, far_rule, other_municipality):
    c = client_for(client, far_economy_user)
    response = c.get(reverse("reporting:deadline-rules"))
    assert response.status_code == 200
    assert [form.instance.pk for form in response.context["formset"].initial_forms] == [far_rule.pk]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": far_rule.pk,
        "form-0-kind": Kind.QUARTERLY_REPORT,
        "form-0-day": 20,
        "form-0-months_after": 1,
        "form-0-remind_days_before": 5,
        "form-1-kind": Kind.SELF_ASSESSMENT_DONE,
        "form-1-day": 10,
        "form-1-month": 11,
        "form-1-months_after": 0,
        "form-1-remind_days_before": 5,
    }
    assert c.post(reverse("reporting:deadline-rules"), data).status_code == 302
    far_rule.refresh_from_db()
    assert far_rule.day == 20
    created = DeadlineRule.objects.get(kind=Kind.SELF_ASSESSMENT_DONE, municipality=other_municipality)
    assert created.organisation is None
    # The default municipality's rules are untouched.
    assert not DeadlineRule.objects.filter(municipality__slug=DEFAULT, kind=Kind.SELF_ASSESSMENT_DONE, day=10).exists()


def test_status_summary_queries_stay_fixed_for_the_region(
    client, region_user, unit, far_org, django_assert_max_num_queries
):
    c = client_for(client, region_user)
    with django_assert_max_num_queries(20):
        assert c.get(STATUS, {"year": 2026, "quarter": 3, "municipality": DEFAULT}).status_code == 200
