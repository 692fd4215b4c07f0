"""What a practice is: the official assessment found the project lean and scored criterion 6 at 1 or more."""

from __future__ import annotations

import pytest

from practices.opendata import FIELD_NAMES
from practices.selectors import get_practice, last_change, practice_cards, practices, replications_of
from practices.serializers import practice_record
from projects.services import project_replicate
from scoring.tests.conftest import REGIONAL_7_5
from scoring.tests.factories import ProjectFactory

from .conftest import CUT_OFF, PROFILE_8, assess, make_practice

pytestmark = pytest.mark.django_db


def test_recognised_and_replicable_projects_are_practices(unit, school, economy_user, department_user):
    federal = make_practice(unit, economy_user, title="Федеральная")  # 6.1: 1.5 points
    profile = make_practice(school, economy_user, title="По профилю", choices=PROFILE_8)  # 6.2: 1 point
    make_practice(unit, economy_user, title="Не тиражируемая", choices=REGIONAL_7_5)  # 6.3: 0.5
    make_practice(unit, economy_user, title="Отсечённая", choices=CUT_OFF)  # not lean
    # A self-assessment waiting for the office's agreement is not official yet.
    assess(ProjectFactory(organisation=unit, title="Самооценка"), department_user)
    assert set(practices().values_list("project_id", flat=True)) == {federal.pk, profile.pk}
    assert get_practice(federal.pk).project == federal
    assert get_practice(999999) is None
    assert get_practice("x") is None


def test_replications_are_counted_across_the_region(practice, far_org, far_user, outsider_user, other_org):
    project_replicate(source=practice, organisation=far_org, user=far_user)
    project_replicate(source=practice, organisation=other_org, user=outsider_user)
    card = practice_cards().get(project=practice)
    assert card.replication_count == 2
    assert [p.organisation for p in replications_of(practice)] == [far_org, other_org]


def test_record_has_exactly_the_published_fields_in_order(practice):
    record = practice_record(get_practice(practice.pk), base_url="https://lean.example.ru")
    assert tuple(record) == FIELD_NAMES
    assert record["id"] == practice.pk
    assert record["municipality_code"] == "leninsk-kuznetsky"
    assert record["status"] == "federal"
    assert record["total_score"] == 10
    assert record["replication_score"] == 1.5
    assert record["lead_name"] == "Лидерова Анна " + practice.lead.middle_name
    assert record["goals"] == "Время ожидания (мин): 40 → 10"
    assert record["confirmed_effects"].startswith("Сэкономлено время родителей — 120,5")
    assert record["problem"] == "Очереди у дверей школы в день приёма."
    assert record["api_url"] == f"https://lean.example.ru/api/v1/practices/{practice.pk}/"
    assert record["updated_at"].endswith("Z")


def test_last_change_follows_replications(practice, far_org, far_user):
    before = last_change()
    assert before is not None
    copy = project_replicate(source=practice, organisation=far_org, user=far_user)
    assert last_change() >= copy.created_at >= before
