"""Whole pages from the shared cache (lean_portal.pagecache): served back only to the browser they
were made for, and made again as soon as anything is written."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from lean_portal import pagecache
from orgs.models import PersonalDataAccess
from plan.models import Plan
from projects.models import Project
from projects.tests.factories import ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache(monkeypatch):
    """The test process is the only one, so its local-memory cache behaves like a shared one."""
    monkeypatch.setattr(pagecache, "panel_cache_enabled", lambda: True)
    cache.clear()
    yield
    cache.clear()


def _get(client, url):
    """The response and whether the view rendered it (a project query ran) or the cache answered."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    rendered = any('FROM "projects_project"' in q["sql"] for q in captured.captured_queries)
    return response, rendered


def _registry(client) -> tuple[str, bool]:
    response, rendered = _get(client, reverse("projects:registry"))
    assert response.status_code == 200
    return response.content.decode(), rendered


def test_second_view_comes_from_the_cache_until_a_row_is_saved(shared_cache, client, unit, department_user):
    project = ProjectFactory(organisation=unit, title="Выдача справок за один день")
    client = client_for(client, department_user)
    first, rendered = _registry(client)
    assert rendered and "Выдача справок за один день" in first
    second, rendered = _registry(client)
    assert not rendered and second == first
    project.title = "Выдача справок за один час"
    project.save()
    third, rendered = _registry(client)
    assert rendered and "Выдача справок за один час" in third
    ProjectFactory(organisation=unit, title="Запись к врачу без очереди")
    assert "Запись к врачу без очереди" in _registry(client)[0]
    Project.objects.filter(pk=project.pk).delete()
    assert "Выдача справок за один час" not in _registry(client)[0]


def test_a_post_drops_the_cache_even_when_it_wrote_without_signals(shared_cache, client, unit, department_user):
    project = ProjectFactory(organisation=unit, title="Старое название")
    client = client_for(client, department_user)
    _registry(client)
    # queryset.update() sends no signal: the page is the cached one…
    Project.objects.filter(pk=project.pk).update(title="Новое название")
    page, rendered = _registry(client)
    assert not rendered and "Старое название" in page
    # …until a request that may write (here a form posted with errors) has been answered.
    version = cache.get(pagecache.DATA_VERSION_KEY)
    assert client.post(reverse("projects:create"), {}).status_code == 200
    assert cache.get(pagecache.DATA_VERSION_KEY) != version
    page, rendered = _registry(client)
    assert rendered and "Новое название" in page


def test_a_many_to_many_change_drops_the_cache(shared_cache, unit):
    plan = Plan.objects.create(
        name="План на 2025–2027 годы", decree="Постановление № 1", first_year=2025, last_year=2027
    )
    version = cache.get(pagecache.DATA_VERSION_KEY)
    plan.executors.add(unit)
    assert cache.get(pagecache.DATA_VERSION_KEY) not in (None, version)


def test_each_user_gets_own_page(shared_cache, client, unit, other_org, department_user, outsider_user):
    ProjectFactory(organisation=unit, title="Проект отдела")
    ProjectFactory(organisation=other_org, title="Чужой проект")
    own, _ = _registry(client_for(client, department_user))
    assert "Проект отдела" in own and "Чужой проект" not in own
    theirs, rendered = _registry(client_for(client, outsider_user))
    assert rendered and "Чужой проект" in theirs and "Проект отдела" not in theirs
    assert _registry(client_for(client, department_user))[0].count("Проект отдела") == own.count("Проект отдела")


def test_filters_and_pages_are_kept_apart(shared_cache, client, unit, department_user):
    ProjectFactory(organisation=unit, title="Первый проект")
    ProjectFactory(organisation=unit, title="Второй проект", state=Project.State.IN_PROGRESS)
    client = client_for(client, department_user)
    everything = client.get(reverse("projects:registry")).content.decode()
    running = client.get(reverse("projects:registry") + "?state=in_progress").content.decode()
    assert "Первый проект" in everything and "Второй проект" in everything
    assert "Первый проект" not in running and "Второй проект" in running


def test_access_is_checked_and_logged_on_every_request(shared_cache, client, unit, department_user, outsider_user):
    project = ProjectFactory(organisation=unit, title="Проект с командой")
    TeamMemberFactory(project=project)
    url = reverse("projects:detail", args=[project.pk])
    owner = client_for(client, department_user)
    with CaptureQueriesContext(connection) as rendering:
        first = owner.get(url)
    with CaptureQueriesContext(connection) as from_cache:
        second = owner.get(url)
    # The access check reads the project, but the page and its sections are not built again.
    assert first.status_code == 200 and second.status_code == 200 and second.content == first.content
    assert not any('FROM "projects_transition"' in q["sql"] for q in from_cache.captured_queries)
    assert any('FROM "projects_transition"' in q["sql"] for q in rendering.captured_queries)
    assert PersonalDataAccess.objects.filter(user=department_user, path=url).count() == 2
    assert client_for(client, outsider_user).get(url).status_code == 404


def test_a_page_with_a_message_is_neither_served_nor_kept(shared_cache, client, unit, department_user):
    ProjectFactory(organisation=unit, title="Остаётся")
    draft = ProjectFactory(organisation=unit, title="Удаляемый черновик")
    client = client_for(client, department_user)
    _registry(client)
    response = client.post(reverse("projects:delete", args=[draft.pk]), follow=True)
    assert "Черновик «Удаляемый черновик» удалён." in response.content.decode()
    page, rendered = _registry(client)
    # The message was shown once and the page after it is rendered, then kept.
    assert rendered and "удалён" not in page and "Остаётся" in page
    assert not _registry(client)[1]


def test_a_new_day_renders_the_page_again(shared_cache, client, unit, department_user, time_machine):
    # 23:50 and 00:05 in Novokuznetsk (UTC+7): «просрочено» may change at midnight.
    time_machine.move_to(datetime.datetime(2026, 11, 26, 16, 50, tzinfo=datetime.UTC))
    ProjectFactory(organisation=unit)
    client = client_for(client, department_user)
    assert _registry(client)[1]
    assert not _registry(client)[1]
    time_machine.move_to(datetime.datetime(2026, 11, 26, 17, 5, tzinfo=datetime.UTC))
    assert _registry(client)[1]


def test_other_sessions_of_the_same_user_get_their_own_page(shared_cache, client, unit, department_user):
    from django.test import Client

    ProjectFactory(organisation=unit)
    assert _registry(client_for(client, department_user))[1]
    # A page's forms carry a CSRF token of its own browser: another browser's page is made for it.
    assert _registry(client_for(Client(), department_user))[1]


def test_log_writes_do_not_drop_the_cache(shared_cache, unit, department_user):
    cache.set(pagecache.DATA_VERSION_KEY, "before")
    PersonalDataAccess.objects.create(user=department_user, what="Команда проекта № 1", path="/projects/1/")
    assert cache.get(pagecache.DATA_VERSION_KEY) == "before"
    ProjectFactory(organisation=unit)
    assert cache.get(pagecache.DATA_VERSION_KEY) != "before"


def test_off_without_a_shared_cache_or_when_switched_off(client, unit, department_user, settings, monkeypatch):
    ProjectFactory(organisation=unit)
    client = client_for(client, department_user)
    # The test settings use the per-process local-memory cache: every page is rendered.
    assert not pagecache.page_cache_enabled()
    assert _registry(client)[1] and _registry(client)[1]
    monkeypatch.setattr(pagecache, "panel_cache_enabled", lambda: True)
    settings.PAGE_CACHE = False
    assert _registry(client)[1] and _registry(client)[1]


def test_a_cache_outage_renders_pages_and_keeps_writes(shared_cache, client, unit, department_user, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    def down(*args, **kwargs):
        raise RedisDown("Redis недоступен")

    ProjectFactory(organisation=unit, title="Проект при недоступном кэше")
    client = client_for(client, department_user)
    _registry(client)
    assert not _registry(client)[1]
    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(pagecache.cache, method, down)
    page, rendered = _registry(client)
    assert rendered and "Проект при недоступном кэше" in page
    # A write is answered as usual: the form's errors, not a server error.
    assert client.post(reverse("projects:create"), {}).status_code == 200
