"""Projects across municipalities: the registry, its counts, lookups, similar projects and the
office's home panel stay within the municipality; the regional office reads all (or the one it
chooses) and creates nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects.models import Project
from projects.tests.conftest import in_state
from projects.tests.factories import FullProjectFactory

pytestmark = pytest.mark.django_db

S = Project.State


@pytest.fixture
def both(unit, far_org):
    here = in_state(FullProjectFactory(organisation=unit, title="Очередь в детский сад без визита"), S.SUBMITTED)
    there = in_state(FullProjectFactory(organisation=far_org, title="Очередь в детский сад онлайн"), S.IN_PROGRESS)
    return here, there


def rows(response) -> set[int]:
    return {p.pk for p in response.context["page_obj"]}


class TestRegistry:
    def test_the_office_reads_and_counts_its_municipality_only(self, client, both, far_economy_user):
        _, there = both
        client.force_login(far_economy_user)
        response = client.get(reverse("projects:registry"))
        assert rows(response) == {there.pk}
        assert sum(n for _, _, n in response.context["state_counts"]) == 1
        assert "municipality" not in response.context or response.context["municipalities"] is None

    def test_the_regional_office_reads_the_region_or_one_municipality(
        self, client, both, region_user, other_municipality, django_assert_max_num_queries
    ):
        client.force_login(region_user)
        assert rows(client.get(reverse("projects:registry"))) == {p.pk for p in both}
        with django_assert_max_num_queries(16):
            response = client.get(reverse("projects:registry"), {"municipality": other_municipality.slug})
        assert rows(response) == {both[1].pk}
        assert sum(n for _, _, n in response.context["state_counts"]) == 1
        assert not response.context["can_create"]

    def test_the_export_stays_in_the_municipality(self, client, both, far_economy_user):
        from io import BytesIO

        from openpyxl import load_workbook

        client.force_login(far_economy_user)
        response = client.get(reverse("projects:export"))
        workbook = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [str(v) for r in workbook.active.iter_rows(min_row=2, values_only=True) for v in r if v]
        assert "Очередь в детский сад онлайн" in cells
        assert "Очередь в детский сад без визита" not in cells

    def test_a_project_of_another_municipality_answers_404(self, client, both, far_economy_user, far_user):
        here, _ = both
        for user in (far_economy_user, far_user):
            client.force_login(user)
            assert client.get(here.get_absolute_url()).status_code == 404
            assert client.get(reverse("projects:history", args=[here.pk])).status_code == 404


class TestLookups:
    def test_replicable_projects_are_the_municipalitys(self, client, both, department_user, far_user):
        here, there = both
        in_state(here, S.IN_PROGRESS)
        client.force_login(far_user)
        found = client.get(reverse("projects:project-lookup"), {"q": "Очередь"}).json()["results"]
        assert [r["value"] for r in found] == [there.pk]
        client.force_login(department_user)
        found = client.get(reverse("projects:project-lookup"), {"q": "Очередь"}).json()["results"]
        assert [r["value"] for r in found] == [here.pk]

    def test_similar_projects_do_not_cross_the_border(self, client, both, far_user):
        client.force_login(far_user)
        response = client.get(reverse("projects:similar"), {"title": "Очередь в детский сад"})
        assert [p.pk for p, _ in response.context["similar"]] == [both[1].pk]


class TestTheRegionalOffice:
    def test_creates_and_replicates_nothing(self, client, both, region_user):
        client.force_login(region_user)
        assert client.get(reverse("projects:create")).status_code == 403
        assert client.post(reverse("projects:replicate", args=[both[1].pk])).status_code == 403
        assert client.get(reverse("projects:edit", args=[both[1].pk])).status_code == 403
        assert client.get(both[1].get_absolute_url()).status_code == 200

    def test_the_office_home_panel_is_its_municipalitys(self, client, both, economy_user, far_economy_user):
        client.force_login(far_economy_user)
        assert "Очередь в детский сад без визита" not in client.get(reverse("home")).content.decode()
        client.force_login(economy_user)
        assert "Очередь в детский сад без визита" in client.get(reverse("home")).content.decode()
