"""The ledger's pages: the flow through the views, and fixed query counts on the lists."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from effects.models import Effect, Kind
from effects.tests.conftest import add_effect, approve, close
from orgs.tests.factories import OrganisationFactory, SphereFactory
from projects.models import Project
from projects.tests.factories import FullProjectFactory
from reporting.models import QuarterlyReport

pytestmark = pytest.mark.django_db
D = Decimal


def _closed_with_effects(organisation, k: int):
    for _ in range(k):
        project = FullProjectFactory(organisation=organisation, sphere=SphereFactory())
        Project.objects.filter(pk=project.pk).update(state=Project.State.CLOSED, closed_on=datetime.date(2026, 3, 1))
        for kind in (Kind.STAFF_TIME, Kind.MONEY_SAVED, Kind.QUALITY):
            Effect.objects.create(
                project=project,
                kind=kind,
                title="эффект",
                unit="ед.",
                method="расчёт",
                planned_value=D("10"),
                actual_value=D("9"),
                status=Effect.Status.SUBMITTED,
            )


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.parametrize("url_name", ["effects:district", "effects:verification", "effects:export"])
def test_district_pages_query_count_is_constant(client, economy_user, rates, url_name, django_assert_max_num_queries):
    client = client_for(client, economy_user)
    url = reverse(url_name)
    _closed_with_effects(OrganisationFactory(), 2)
    client.get(url)  # warm-up
    few, _ = _count(client, url, django_assert_max_num_queries, 20)
    for _ in range(3):
        _closed_with_effects(OrganisationFactory(), 2)
    many, response = _count(client, url, django_assert_max_num_queries, few)
    assert many == few
    if url_name == "effects:district":
        # 8 projects × 10 h of staff time at 350 руб. + 8 × 10 руб. saved.
        assert response.context["data"].total.money("planned") == D("28080.00")
        assert len(response.context["data"].organisations) == 4


def test_project_page_query_count_is_constant(client, draft, department_user, django_assert_max_num_queries):
    client = client_for(client, department_user)
    url = reverse("effects:project", args=[draft.pk])
    add_effect(draft, department_user)
    client.get(url)
    few, _ = _count(client, url, django_assert_max_num_queries, 20)
    for _ in range(4):
        add_effect(draft, department_user)
    many, response = _count(client, url, django_assert_max_num_queries, few)
    assert many == few
    assert response.content.decode().count('data-testid="status"') == 5


def test_a_reader_sees_only_their_organisations_effects(client, unit, school, other_org, school_user, rates):
    _closed_with_effects(school, 1)
    _closed_with_effects(other_org, 1)
    response = client_for(client, school_user).get(reverse("effects:district"))
    assert [t.label for t in response.context["data"].organisations] == [school.short_name]


def test_the_whole_path_through_the_pages(client, draft, department_user, economy_user, director_user, rates):
    owner = client_for(client, department_user)
    form = {
        "kind": Kind.STAFF_TIME,
        "title": "Сокращение времени оформления справки",
        "unit": "",
        "method": "минут на операцию × операций в год ÷ 60",
        "figures": "15 мин × 1 200",
        "planned_value": "300",
    }
    response = owner.post(reverse("effects:create", args=[draft.pk]), {**form, "planned_value": "-5"})
    assert response.status_code == 200
    assert "не может быть отрицательным" in response.content.decode()
    assert "Сокращение времени оформления справки" in response.content.decode()  # nothing typed is lost
    owner.post(reverse("effects:create", args=[draft.pk]), form)
    effect = draft.effect_records.get()
    assert effect.planned_value == D("300")
    # The passport page and its PDF's HTML show the planned effects under «Эффекты».
    page = owner.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="planned-effects"' in page and "15 мин × 1 200" in page
    approve(draft, department_user, economy_user, director_user)
    report = QuarterlyReport.objects.create(organisation=draft.organisation, year=2026, quarter=4)
    response = owner.post(reverse("effects:report-forecast", args=[report.pk]), {f"effect_{effect.pk}": "280"})
    assert response.status_code == 302
    assert "280" in owner.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    close(draft, department_user, timezone.localdate())
    today = timezone.localdate().strftime("%d.%m.%Y")
    owner.post(reverse("effects:actual", args=[effect.pk]), {"actual_value": "250", "actual_on": today})
    effect.refresh_from_db()
    assert effect.status == Effect.Status.SUBMITTED
    office = client_for(client, economy_user)
    response = office.post(reverse("effects:verify", args=[effect.pk]), {"decision": "return", "comment": ""})
    assert "без комментария" in response.content.decode()
    office.post(reverse("effects:verify", args=[effect.pk]), {"decision": "confirm", "comment": ""})
    effect.refresh_from_db()
    assert effect.status == Effect.Status.CONFIRMED
    page = office.get(reverse("effects:district")).content.decode()
    assert "87\xa0500" in page  # 250 h × 350 руб.


def test_rates_page_keeps_what_was_typed(client, economy_user, rates):
    office = client_for(client, economy_user)
    data = {"valid_from": "01.01.2026", "staff_hour_cost": "400", "hours_per_position": "1973", "note": "Приказ"}
    response = office.post(reverse("effects:rates"), data)
    assert "уже внесены" in response.content.decode()
    response = office.post(reverse("effects:rates"), {**data, "valid_from": "01.01.2027", "staff_hour_cost": "0"})
    assert "больше нуля" in response.content.decode()
    response = office.post(reverse("effects:rates"), {**data, "valid_from": "01.01.2027"})
    assert response.status_code == 302
