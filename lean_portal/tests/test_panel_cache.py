"""The home panels' cache (lean_portal.panels): per user, dropped when the panels' models change."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from lean_portal import panels as panels_module
from registries.models import Suggestion
from registries.tests.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

WAITING = "Предложения по улучшению ждут решения"


@pytest.fixture
def shared_cache(monkeypatch):
    """The test process is the only one, so its local-memory cache behaves like a shared one."""
    monkeypatch.setattr(panels_module, "panel_cache_enabled", lambda: True)
    cache.clear()
    yield
    cache.clear()


def _waiting(client) -> list[str]:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    panels = {p.title: p for p in response.context["panels"]}
    return [item.text for item in panels[WAITING].items]


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    return len(captured.captured_queries)


def _suggestion_queries(client) -> int:
    """Queries of the registries' suggestion panel (the session may be written besides)."""
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    return sum('FROM "registries_suggestion"' in q["sql"] for q in captured.captured_queries)


def test_second_home_page_reuses_the_cached_panels(shared_cache, client, unit, department_user):
    SuggestionFactory(organisation=unit, title="Ждёт", submitted_on=datetime.date(2024, 1, 1))
    client = client_for(client, department_user)
    first = _queries(client)
    second = _queries(client)
    # registries' two panel queries are not repeated; the others' panels are built as before.
    assert second <= first - 2
    assert _waiting(client) == ["Ждёт"]


def test_a_saved_row_drops_the_cached_panels(shared_cache, client, unit, department_user):
    first = SuggestionFactory(organisation=unit, title="Первое", submitted_on=datetime.date(2024, 1, 1))
    client = client_for(client, department_user)
    assert _waiting(client) == ["Первое"]
    SuggestionFactory(organisation=unit, title="Второе", submitted_on=datetime.date(2024, 1, 2))
    assert _waiting(client) == ["Первое", "Второе"]
    first.state = Suggestion.State.IMPLEMENTED
    first.save()
    assert _waiting(client) == ["Второе"]
    Suggestion.objects.filter(pk=first.pk).delete()
    assert _waiting(client) == ["Второе"]


def test_each_user_has_own_panels(shared_cache, client, unit, other_org, department_user, outsider_user):
    SuggestionFactory(organisation=unit, title="Своё", submitted_on=datetime.date(2024, 1, 1))
    SuggestionFactory(organisation=other_org, title="Чужое", submitted_on=datetime.date(2024, 1, 1))
    assert _waiting(client_for(client, department_user)) == ["Своё"]
    assert _waiting(client_for(client, outsider_user)) == ["Чужое"]
    assert _waiting(client_for(client, department_user)) == ["Своё"]


def test_a_new_day_builds_the_panels_again(shared_cache, client, unit, department_user, time_machine):
    # 23:50 and 00:05 in Novokuznetsk (UTC+7): a quarter of an hour, within the session's idle limit.
    time_machine.move_to(datetime.datetime(2026, 11, 26, 16, 50, tzinfo=datetime.UTC))
    client = client_for(client, department_user)
    assert _suggestion_queries(client) == 1
    assert _suggestion_queries(client) == 0
    time_machine.move_to(datetime.datetime(2026, 11, 26, 17, 5, tzinfo=datetime.UTC))
    assert _suggestion_queries(client) == 1


def test_no_cache_without_a_shared_cache_backend(client, unit, department_user):
    # The test settings use the per-process local-memory cache: panels are built every time.
    assert not panels_module.panel_cache_enabled()
    client = client_for(client, department_user)
    assert _queries(client) == _queries(client)


def _assessment_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    count = sum('FROM "scoring_assessment"' in q["sql"] for q in captured.captured_queries)
    return count, response.content.decode()


def test_project_sections_are_cached_per_project_and_dropped_on_change(
    shared_cache, client, unit, department_user, economy_user
):
    from scoring import services
    from scoring.tests.factories import ProjectFactory

    project = ProjectFactory(organisation=unit, title="Проект с оценкой")
    other = ProjectFactory(organisation=unit, title="Другой проект")
    client = client_for(client, department_user)
    url = reverse("projects:detail", args=[project.pk])
    first, content = _assessment_queries(client, url)
    assert first >= 1 and "Организация свой проект не оценивала." in content
    again, content = _assessment_queries(client, url)
    assert again == 0 and "Организация свой проект не оценивала." in content
    # Another project: its own sections.
    assert _assessment_queries(client, reverse("projects:detail", args=[other.pk]))[0] >= 1
    choices = {"1": ["1.1"], "2": ["2.1"], "3": ["3.1"], "4": ["4.2"], "5": ["5.1"], "6": ["6.3"], "7": ["7.2"]}
    services.assessment_save(
        project=project,
        user=department_user,
        choices=choices,
        justifications=dict.fromkeys(choices, "Подтверждено."),
        submit=True,
    )
    count, content = _assessment_queries(client, url)
    assert count >= 1 and "Организация свой проект не оценивала." not in content


def test_suggestion_counts_are_cached_until_a_suggestion_changes(shared_cache, client, unit, school, department_user):
    SuggestionFactory(organisation=unit, submitted_on=datetime.date(2024, 1, 1))
    client = client_for(client, department_user)
    url = reverse("registries:suggestion-counts")

    def totals():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counted = sum('FROM "registries_suggestion"' in q["sql"] for q in captured.captured_queries)
        return response.context["totals"], counted

    assert totals() == ([(1, 0)], 2)
    assert totals() == ([(1, 0)], 0)  # from the cache
    SuggestionFactory(organisation=school, submitted_on=datetime.date(2024, 3, 1))
    assert totals() == ([(2, 0)], 2)


def test_a_cache_outage_builds_the_panels_and_keeps_writes(shared_cache, client, unit, department_user, monkeypatch):
    from django.core.cache import cache as shared
    from redis.exceptions import ConnectionError as RedisDown

    def down(*args, **kwargs):
        raise RedisDown("Redis недоступен")

    client = client_for(client, department_user)
    for method in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(shared, method, down)
    # A watched model saved: no error, only a warning.
    SuggestionFactory(organisation=unit, title="При недоступном кэше", submitted_on=datetime.date(2024, 1, 1))
    assert _waiting(client) == ["При недоступном кэше"]


def test_a_new_author_of_a_suggestion_drops_what_is_made_of_suggestions(shared_cache, unit):
    from orgs.tests.factories import EmployeeFactory

    suggestion = SuggestionFactory(organisation=unit, submitted_on=datetime.date(2024, 1, 1))
    before = panels_module._versions({"registries.Suggestion"})
    suggestion.authors.add(EmployeeFactory(organisation=unit))
    assert panels_module._versions({"registries.Suggestion"}) != before
