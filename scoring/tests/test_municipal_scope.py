"""Scoring across municipalities: whose rubric is in force, who adopts which version, and that
one municipality's office never sees, counts or exports another's assessments."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from scoring import services
from scoring.models import Assessment, RubricVersion, StatusCorrection
from scoring.rubric import DEFAULT_RUBRIC
from scoring.tests.factories import ProjectFactory
from scoring.tests.test_rubric_versions import KNOCK_OUT_ON_3, editor_data

pytestmark = pytest.mark.django_db

CREATE = reverse("scoring:rubric-create")


def new_version(user, rubric=KNOCK_OUT_ON_3, make_current=True):
    return services.rubric_version_create(
        rubric=rubric,
        title="Редакция",
        basis="Распоряжение",
        valid_from=datetime.date(2026, 12, 1),
        make_current=make_current,
        user=user,
    )


@pytest.fixture
def far_project(far_org):
    return ProjectFactory(organisation=far_org, title="Соседский проект")


class TestRubricInForce:
    def test_the_municipalitys_own_version_else_the_regional_default(self, economy_user, other_municipality):
        regional = RubricVersion.objects.current()
        own = new_version(economy_user)
        municipality = economy_user.municipality
        assert RubricVersion.objects.current(municipality) == own
        assert RubricVersion.objects.current(municipality.pk) == own
        assert RubricVersion.objects.current(other_municipality) == regional
        assert RubricVersion.objects.current() == regional and regional.is_current

    def test_the_office_numbers_after_the_regional_versions_and_adopts_for_its_municipality(self, economy_user):
        version = new_version(economy_user)
        assert (version.number, version.municipality) == (2, economy_user.municipality)

    def test_the_regional_office_sets_the_regional_default(self, region_user, economy_user, other_municipality):
        own = new_version(economy_user)
        regional = new_version(region_user, rubric=DEFAULT_RUBRIC)
        assert regional.municipality is None and regional.number == 2
        assert RubricVersion.objects.current() == regional
        assert RubricVersion.objects.filter(municipality__isnull=True, is_current=True).count() == 1
        # The municipality that adopted its own keeps it; the others follow the regional default.
        assert RubricVersion.objects.current(economy_user.municipality) == own
        assert RubricVersion.objects.current(other_municipality) == regional

    def test_staff_adopt_nothing(self, department_user):
        with pytest.raises(PermissionDenied):
            new_version(department_user)

    def test_an_assessment_uses_its_projects_municipalitys_rubric(
        self, economy_user, far_economy_user, project, far_project, assess
    ):
        own = new_version(economy_user)
        here = assess(project, economy_user)
        there = assess(far_project, far_economy_user)
        assert here.rubric_version == own
        assert there.rubric_version == RubricVersion.objects.current()


class TestRubricPages:
    def test_the_neighbours_office_does_not_read_a_municipalitys_version(self, client, economy_user, far_economy_user):
        own = new_version(economy_user)
        client.force_login(far_economy_user)
        assert client.get(reverse("scoring:rubric-detail", args=[own.pk])).status_code == 404
        regional = RubricVersion.objects.current()
        assert client.get(reverse("scoring:rubric-detail", args=[regional.pk])).status_code == 200
        listed = list(client.get(reverse("scoring:rubric-list")).context["versions"])
        assert listed == [regional]

    def test_the_office_starts_from_the_regional_version(self, client, economy_user):
        client.force_login(economy_user)
        content = client.get(reverse("scoring:rubric-list")).content.decode()
        assert "Создать редакцию на основе региональной" in content
        response = client.get(CREATE)
        assert response.context["current"] == RubricVersion.objects.current()
        assert response.context["municipality"] == economy_user.municipality

    def test_the_regional_office_creates_the_regional_default_in_the_browser(self, client, region_user):
        client.force_login(region_user)
        assert client.get(reverse("scoring:rubric-list")).status_code == 200
        response = client.post(CREATE, editor_data(KNOCK_OUT_ON_3, "save"))
        version = RubricVersion.objects.get(number=2)
        assert response.url == reverse("scoring:rubric-detail", args=[version.pk])
        assert version.municipality is None and version.is_current

    def test_the_regional_office_reads_a_municipalitys_versions(self, client, region_user, economy_user):
        own = new_version(economy_user)
        client.force_login(region_user)
        assert client.get(reverse("scoring:rubric-detail", args=[own.pk])).status_code == 200
        slug = economy_user.municipality.slug
        response = client.get(reverse("scoring:rubric-list"), {"municipality": slug})
        assert own in list(response.context["versions"])
        assert response.context["in_force"] == own

    @pytest.mark.parametrize("name", ["department_user", "far_user", "director_user"])
    def test_others_are_refused(self, client, request, name):
        client.force_login(request.getfixturevalue(name))
        assert client.get(reverse("scoring:rubric-list")).status_code == 403
        assert client.get(CREATE).status_code == 403

    def test_the_preview_counts_only_the_municipalitys_assessments(
        self, client, economy_user, far_economy_user, project, far_project, assess
    ):
        assess(project, economy_user)
        assess(far_project, far_economy_user)
        client.force_login(far_economy_user)
        response = client.post(CREATE, editor_data(KNOCK_OUT_ON_3))
        assert response.context["preview"].official_count == 1


class TestIsolation:
    @pytest.fixture
    def both(self, economy_user, far_economy_user, project, far_project, assess):
        return assess(project, economy_user), assess(far_project, far_economy_user)

    def test_ranking(self, client, both, far_economy_user, economy_user):
        _, there = both
        client.force_login(far_economy_user)
        assert list(client.get(reverse("scoring:ranking")).context["page_obj"]) == [there]
        # The address cannot widen a municipality's office's view.
        response = client.get(reverse("scoring:ranking"), {"municipality": economy_user.municipality.slug})
        assert list(response.context["page_obj"]) == [there]

    def test_the_regional_office_reads_all_or_one_municipality(
        self, client, both, region_user, other_municipality, django_assert_max_num_queries
    ):
        client.force_login(region_user)
        assert set(client.get(reverse("scoring:ranking")).context["page_obj"]) == set(both)
        with django_assert_max_num_queries(14):
            response = client.get(reverse("scoring:ranking"), {"municipality": other_municipality.slug})
        assert list(response.context["page_obj"]) == [both[1]]
        assert client.get(reverse("scoring:ranking"), {"municipality": "nowhere"}).status_code == 404

    def test_export(self, client, both, far_economy_user):
        client.force_login(far_economy_user)
        response = client.get(reverse("scoring:ranking-export"))
        rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))
        titles = [row[0] for row in rows[1:]]
        assert titles == ["Соседский проект"]

    def test_pending_and_the_home_panel(self, client, economy_user, far_economy_user, project, department_user, assess):
        waiting = assess(project, department_user)
        assert waiting.state == Assessment.State.SUBMITTED
        client.force_login(far_economy_user)
        assert list(client.get(reverse("scoring:pending")).context["page_obj"]) == []
        assert "Электронная запись в первый класс" not in client.get(reverse("home")).content.decode()
        assert client.get(reverse("scoring:detail", args=[waiting.pk])).status_code == 404
        client.force_login(economy_user)
        assert list(client.get(reverse("scoring:pending")).context["page_obj"]) == [waiting]

    def test_corrections_stay_with_their_municipality(self, client, both, economy_user, far_economy_user):
        here, _ = both
        correction = StatusCorrection.objects.create(
            assessment=here,
            reason="Исправлена редакция",
            old_total=here.total,
            old_is_lean=True,
            old_status="regional",
            new_total=here.total,
            new_is_lean=False,
            new_status="",
        )
        client.force_login(far_economy_user)
        assert client.get(reverse("scoring:ranking")).context["corrections"] == []
        assert services.status_corrections_acknowledge(user=far_economy_user) == 0
        correction.refresh_from_db()
        assert correction.acknowledged_at is None
        client.force_login(economy_user)
        assert client.get(reverse("scoring:ranking")).context["corrections"] == [correction]

    def test_the_regional_office_does_not_assess(self, client, region_user, project):
        client.force_login(region_user)
        assert client.get(reverse("scoring:assess", args=[project.pk])).status_code == 403
