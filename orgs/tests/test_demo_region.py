"""The demo's region (orgs/demo_region.py): the regional office, a second municipality, a replicated practice."""

import pytest
from django.db.models import Count

from orgs import demo_region
from orgs.models import Municipality, Organisation, User
from plan.models import Plan, Target
from projects.models import Project
from reporting.models import DeadlineRule
from scoring.models import Assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo, db):
    """The demo district and its region, loaded once for the module (the tests only read it, or roll back)."""
    return Municipality.objects.get(slug="promyshlennovsky")


def test_the_regional_office_is_above_every_municipality(demo):
    region = User.objects.get(username="region")
    assert region.role == User.Role.REGION and region.sees_region
    assert region.check_password("demo")
    assert region.organisation.kind == Organisation.Kind.REGIONAL
    assert region.organisation.municipality_id is None and region.municipality_id is None


def test_the_second_municipality_has_its_office_organisations_and_accounts(demo):
    assert demo.name == "Промышленновский муниципальный округ" and not demo.is_default
    office = Organisation.objects.get(municipality=demo, is_economy_office=True)
    economy = User.objects.get(username="prom-economy")
    assert economy.role == User.Role.ECONOMY and economy.organisation == office
    assert economy.employee.has_lean_basics  # the office assesses (4.2)
    kinds = dict(Organisation.objects.filter(municipality=demo).values_list("short_name", "kind"))
    assert kinds == {
        "Управление экономики Промышленновского МО": "unit",
        "Управление образования Промышленновского МО": "unit",
        "МБОУ «Плотниковская СОШ»": "institution",
        "МБУК «ЦКС Промышленновского МО»": "institution",
    }
    school = User.objects.get(username="prom-school")
    staff = User.objects.get(username="prom-staff")
    assert school.organisation.parent == staff.organisation
    assert {school.municipality_id, staff.municipality_id} == {demo.pk}
    assert not Organisation.objects.filter(municipality=demo, head__isnull=True).exists()
    # The district's own accounts stay in the default municipality.
    for username in ("economy", "department", "school", "director"):
        assert User.objects.get(username=username).municipality.is_default


def test_its_plan_is_copied_from_the_default_one_with_its_own_targets(demo):
    plan = Plan.objects.get(municipality=demo)
    source = Plan.objects.get(municipality__slug=Municipality.DEFAULT_SLUG, first_year=plan.first_year)
    assert (plan.first_year, plan.last_year) == (2025, 2027)
    assert list(plan.indicators.values_list("code", "computation", "unit")) == list(
        source.indicators.values_list("code", "computation", "unit")
    )
    words = " ".join(" ".join(row) for row in plan.indicators.values_list("wording", "section"))
    assert "Ленинск-Кузнецк" not in words and "Промышленновского муниципального округа" in words
    ours = dict(Target.objects.filter(indicator__plan=plan).values_list("indicator__code", "value").filter(year=2026))
    theirs = dict(
        Target.objects.filter(indicator__plan=source).values_list("indicator__code", "value").filter(year=2026)
    )
    assert len(ours) == len(theirs) == 10 and ours != theirs
    assert set(plan.executors.values_list("municipality_id", flat=True)) == {demo.pk}
    rules = DeadlineRule.objects.filter(municipality=demo, organisation=None)
    assert set(rules.values_list("kind", flat=True)) == set(DeadlineRule.Kind.values)


def test_a_practice_of_the_default_municipality_is_replicated_there(demo):
    source = demo_region.practice_of_the_default_municipality()
    assert source is not None and source.organisation.municipality.is_default
    official = Assessment.objects.official().get(project=source)
    assert official.status and official.criteria.get(code="6").score >= 1
    copy = Project.objects.get(replicates=source, organisation__municipality=demo)
    assert copy.state == Project.State.DRAFT
    assert (copy.organisation.sphere, copy.organisation.kind) == (source.organisation.sphere, source.organisation.kind)
    assert copy.created_by.username == "prom-school"
    assert copy.goals.count() == source.goals.count()
    # The source counts its replications across the region: one in its district, one in the second municipality.
    counted = Project.objects.annotate(n=Count("replications")).get(pk=source.pk).n
    assert counted == Project.objects.filter(replicates=source).count() >= 2


def test_loading_the_region_again_changes_nothing(demo):
    def counts():
        return [m.objects.count() for m in (Municipality, Organisation, User, Plan, Target, DeadlineRule, Project)]

    before = counts()
    demo_region.load()
    assert counts() == before
