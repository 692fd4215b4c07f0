"""The office's home panel lists the plan indicators not met this year."""

import pytest
from django.test import RequestFactory

from plan.home import panels
from plan.models import Plan

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_office_sees_indicators_not_met_this_year(economy_user, district, decree_plan, time_machine):
    time_machine.move_to("2023-11-01")
    (panel,) = panels(request_for(economy_user))
    codes = [item.text.split(" ")[0].rstrip(".") for item in panel.items]
    # The year is under way: indicators whose target is not yet reached, «предварительно» (never «не выполнен»);
    # 1.1 already has 6 projects against «не менее 2» for the district.
    assert "1.3" in codes and "3.3" in codes and "1.1" not in codes
    assert all("предварительно" in item.badge for item in panel.items)
    assert not any("не выполнен" in item.badge for item in panel.items)
    assert "year=2023" in panel.more_url


def test_office_is_told_when_no_plan_covers_the_year(economy_user, time_machine):
    time_machine.move_to("2031-01-15")
    Plan.objects.filter(last_year__gte=2031).delete()
    (panel,) = panels(request_for(economy_user))
    assert panel.items == [] and "2031" in panel.empty_text


def test_other_users_get_no_panel(department_user):
    assert panels(request_for(department_user)) == []


def test_panel_query_count_does_not_grow(
    economy_user, district, decree_plan, time_machine, django_assert_max_num_queries
):
    time_machine.move_to("2023-11-01")
    with django_assert_max_num_queries(16):
        panels(request_for(economy_user))
