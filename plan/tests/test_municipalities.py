"""Each municipality's plan: its own targets against its own records; the offices see only their own plans,
the regional office reads any municipality's once it chose one; the regional comparison's figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from orgs.models import Municipality, Organisation
from orgs.tests.factories import OrganisationFactory
from plan.comparison import IndicatorProgress, MunicipalityProgress, plan_progress_by_municipality
from plan.indicators import DEFINITIONS, Scope
from plan.models import Plan
from plan.monitoring import PRELIMINARY_MET, build_monitoring
from plan.services import plan_create, targets_save
from plan.tests.factories import ContestFactory, ProjectFactory, SuggestionFactory
from projects.models import Project
from registries.models import Suggestion

pytestmark = pytest.mark.django_db
d = datetime.date
DASHBOARD = reverse("plan:dashboard")
DEFAULT = Municipality.DEFAULT_SLUG


def far_plan_for(municipality, decree_plan, name="План Беловского МО"):
    """A plan of ``municipality`` with the decree's indicators and its own 2023 targets."""
    plan = plan_create(
        municipality=municipality, name=name, decree="—", first_year=2023, last_year=2025, copy_from=decree_plan
    )
    codes = {i.code: i.pk for i in plan.indicators.all()}
    targets_save(
        plan=plan,
        cells={
            (codes["1.1"], 2023): (Decimal(1), "at_least"),
            (codes["1.2"], 2023): (Decimal(5), "at_least"),
            (codes["3.3"], 2023): (Decimal(1), "at_least"),
        },
    )
    return plan


@pytest.fixture
def far_records(far_org, far_office):
    """The other municipality's records of 2023: a lean project, an implemented suggestion, its office's contest."""
    ProjectFactory(organisation=far_org, state=Project.State.CLOSED, closed_on=d(2023, 5, 1))
    SuggestionFactory(organisation=far_org, state=Suggestion.State.IMPLEMENTED, implemented_on=d(2023, 5, 1))
    ContestFactory(organisation=far_office, held_on=d(2023, 6, 1))


@pytest.fixture
def far_plan(other_municipality, decree_plan):
    return far_plan_for(other_municipality, decree_plan)


def rows(monitoring):
    return {r.indicator.code: r for r in monitoring.rows}


# --- Figures: each municipality's own records -------------------------------------------------------


def test_a_plan_reads_its_own_municipality_only(district, far_records, decree_plan, far_plan):
    ours = rows(build_monitoring(decree_plan, 2023))
    theirs = rows(build_monitoring(far_plan, 2023))
    # 1.1: the district's six projects (conftest) — the other municipality's project is not ours.
    assert ours["1.1"].actual == 6
    assert theirs["1.1"].actual == 1 and theirs["1.1"].status.is_met
    assert ours["1.2"].actual == 3
    assert theirs["1.2"].actual == 1 and not theirs["1.2"].status.is_met
    # 3.3: «the office's contests» are each municipality's own office's.
    assert ours["3.3"].actual == 2
    assert theirs["3.3"].actual == 1
    # Records behind a figure: the plan's municipality only.
    definition = DEFINITIONS["projects_implemented"]
    assert definition.rows(2023, municipality=far_plan.municipality_id).count() == 1
    assert definition.rows(2023, municipality=decree_plan.municipality_id).count() == 6


def test_executors_default_to_the_active_organisations_of_the_plans_municipality(
    decree_plan, far_plan, unit, far_org, far_office
):
    executors, chosen = decree_plan.responsible_executors()
    assert not chosen and unit in executors and far_org not in executors
    assert set(far_plan.responsible_organisations()) == {far_org, far_office}


def test_plan_names_are_unique_per_municipality(decree_plan, other_municipality):
    twin = plan_create(
        municipality=other_municipality, name=decree_plan.name, decree="—", first_year=2025, last_year=2026
    )
    assert twin.municipality == other_municipality and twin.name == decree_plan.name


def test_executors_are_organisations_of_the_plans_municipality(decree_plan, far_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        plan_create(name="Чужие исполнители", decree="—", first_year=2025, last_year=2026, executors=[far_org])
    assert "executors" in error.value.message_dict


# --- The regional comparison -------------------------------------------------------------------------


def test_comparison_measures_each_municipality_against_its_own_plan(
    district, far_records, decree_plan, far_plan, other_municipality
):
    progress = plan_progress_by_municipality(2023)
    default = Municipality.objects.get(slug=DEFAULT)
    ours, theirs = progress[default.pk], progress[other_municipality.pk]
    assert isinstance(ours, MunicipalityProgress) and isinstance(ours.indicators[0], IndicatorProgress)
    assert (ours.plan_id, theirs.plan_id) == (decree_plan.pk, far_plan.pk)
    assert theirs.plan_name == "План Беловского МО"
    by_code = {i.code: i for i in theirs.indicators}
    assert by_code["1.1"].actual == 1 and by_code["1.1"].target == Decimal(1) and by_code["1.1"].met
    assert by_code["1.2"].actual == 1 and by_code["1.2"].target == Decimal(5) and not by_code["1.2"].met
    assert by_code["2.1"].target is None and not by_code["2.1"].met
    assert theirs.total == 10 and theirs.met == sum(1 for i in theirs.indicators if i.met)
    # Exactly the dashboard's figures and verdicts, for each municipality.
    for plan, found in ((decree_plan, ours), (far_plan, theirs)):
        dashboard = build_monitoring(plan, 2023)
        assert [(i.code, i.actual) for i in found.indicators] == [(r.indicator.code, r.actual) for r in dashboard.rows]
        assert [i.met for i in found.indicators] == [
            r.status.is_met or r.status is PRELIMINARY_MET for r in dashboard.rows
        ]
        assert found.met == dashboard.met_count


def test_comparison_reads_targets_per_executor_like_the_dashboard(district, far_records, far_plan, far_org):
    suggestions = far_plan.indicators.get(code="1.2")
    targets_save(plan=far_plan, cells={}, scopes={suggestions.pk: Scope.ORGANISATION})
    progress = plan_progress_by_municipality(2023)[far_plan.municipality_id]
    found = next(i for i in progress.indicators if i.code == "1.2")
    shown = rows(build_monitoring(far_plan, 2023))["1.2"]
    assert found.actual == shown.actual == 1
    assert found.target == shown.current.goal
    assert found.met == shown.status.is_met is False


def test_a_municipality_without_a_plan_for_the_year_has_none(decree_plan, other_municipality):
    progress = plan_progress_by_municipality(2023)
    assert progress[other_municipality.pk].plan_id is None
    assert progress[other_municipality.pk].indicators == [] and progress[other_municipality.pk].total == 0


def _queries(year: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        plan_progress_by_municipality(year)
    return len(captured)


def test_comparison_queries_do_not_grow_with_municipalities(district, far_records, decree_plan, far_plan):
    suggestions = far_plan.indicators.get(code="1.2")
    targets_save(plan=far_plan, cells={}, scopes={suggestions.pk: Scope.ORGANISATION})
    two = _queries(2023)
    for n in range(3):
        municipality = Municipality.objects.create(name=f"Муниципалитет {n}", short_name=f"М{n}", slug=f"m-{n}")
        org = OrganisationFactory(municipality=municipality, kind=Organisation.Kind.INSTITUTION)
        ProjectFactory(organisation=org, state=Project.State.CLOSED, closed_on=d(2023, 3, 1))
        plan = far_plan_for(municipality, decree_plan, name=f"План {n}")
        targets_save(plan=plan, cells={}, scopes={plan.indicators.get(code="1.2").pk: Scope.ORGANISATION})
    assert len(plan_progress_by_municipality(2023)) == 5
    assert _queries(2023) == two
    # municipalities, plans, indicators and targets (4), one per computation (10), organisations (1), executors (2)
    assert two <= 17


# --- Pages: isolation and the regional office -----------------------------------------------------------


def test_another_municipalitys_office_sees_its_own_plan_only(client, far_economy_user, decree_plan, far_plan):
    c = client_for(client, far_economy_user)
    response = c.get(DASHBOARD, {"year": 2023})
    assert response.status_code == 200
    assert response.context["plan"] == far_plan
    assert [p.pk for p in response.context["plans"]] == [far_plan.pk]
    # Asking for our plan by id gives its own plan, never ours.
    assert c.get(DASHBOARD, {"plan": decree_plan.pk}).context["plan"] == far_plan
    one = decree_plan.indicators.get(code="1.1")
    for url in (
        reverse("plan:plan-edit", args=[decree_plan.pk]),
        reverse("plan:targets", args=[decree_plan.pk]),
        reverse("plan:records", args=[one.pk, 2023]),
    ):
        assert c.get(url).status_code == 404, url
    assert [p.pk for p in c.get(reverse("plan:plan-list")).context["plans"]] == [far_plan.pk]


def test_another_municipalitys_office_creates_its_own_plan(client, far_economy_user, decree_plan, other_municipality):
    c = client_for(client, far_economy_user)
    response = c.post(
        reverse("plan:plan-create"),
        {"name": decree_plan.name, "decree": "—", "first_year": 2025, "last_year": 2027},
    )
    assert response.status_code == 302
    created = Plan.objects.get(municipality=other_municipality)
    assert created.name == decree_plan.name


def test_staff_of_another_municipality_see_their_plan_not_ours(client, far_user, decree_plan):
    response = client_for(client, far_user).get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["plan"] is None
    assert "ещё не заданы" in response.content.decode()


def test_the_regional_office_chooses_a_municipality(client, region_user, district, far_plan, decree_plan):
    c = client_for(client, region_user)
    response = c.get(DASHBOARD)
    assert response.status_code == 200
    assert next(t.name for t in response.templates) == "plan/choose_municipality.html"
    html = response.content.decode()
    assert '<label class="form-label" for="id_municipality">Муниципальное образование</label>' in html
    response = c.get(DASHBOARD, {"municipality": DEFAULT, "year": 2023})
    assert response.status_code == 200
    assert response.context["plan"] == decree_plan
    assert rows(response.context["monitoring"])["1.1"].actual == 6
    html = response.content.decode()
    # The links keep the chosen municipality; the office's editing is not offered.
    assert f"municipality={DEFAULT}" in html
    assert reverse("plan:plan-list") not in html
    assert c.get(DASHBOARD, {"municipality": "belovsky", "year": 2023}).context["plan"] == far_plan
    assert c.get(DASHBOARD, {"municipality": "nowhere"}).status_code == 404


def test_the_regional_office_reads_but_never_edits(client, region_user, decree_plan, no_pdf_layout):
    c = client_for(client, region_user)
    one = decree_plan.indicators.get(code="1.1")
    assert c.get(reverse("plan:records", args=[one.pk, 2023])).status_code == 200
    assert c.get(reverse("plan:report-xlsx"), {"municipality": DEFAULT, "year": 2023}).status_code == 200
    assert c.get(reverse("plan:report-pdf"), {"municipality": DEFAULT, "year": 2023}).status_code == 200
    for url in (
        reverse("plan:plan-list"),
        reverse("plan:plan-create"),
        reverse("plan:plan-edit", args=[decree_plan.pk]),
        reverse("plan:targets", args=[decree_plan.pk]),
    ):
        assert c.get(url).status_code == 403, url


def test_the_regional_office_needs_a_municipality_for_a_report(client, region_user, decree_plan, far_org):
    assert client_for(client, region_user).get(reverse("plan:report-xlsx")).status_code == 404


def test_drill_down_refuses_an_organisation_of_another_municipality(client, region_user, decree_plan, far_org):
    one = decree_plan.indicators.get(code="1.1")
    url = reverse("plan:records", args=[one.pk, 2023])
    assert client_for(client, region_user).get(url, {"organisation": far_org.pk}).status_code == 404


def test_regional_dashboard_queries_stay_fixed(
    client, region_user, district, far_plan, decree_plan, django_assert_max_num_queries
):
    c = client_for(client, region_user)
    with django_assert_max_num_queries(40):
        assert c.get(DASHBOARD, {"municipality": DEFAULT, "year": 2023}).status_code == 200
