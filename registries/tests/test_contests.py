"""Best-practice contests: nominations, entries, jury results, winners on the project page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from registries.models import Contest, ContestEntry, Suggestion
from registries.project_page import sections
from registries.selectors.contests import winning_project_ids, winning_suggestion_ids
from registries.services.contests import (
    contest_add_entry,
    contest_create,
    contest_record_result,
    contest_set_nominations,
    contest_update,
)
from registries.tests.factories import ContestEntryFactory, ContestFactory, SuggestionFactory
from registries.views.contests import ENTRIES_PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(datetime.datetime(2024, 12, 20, 9, 0), tick=False)


@pytest.fixture
def contest(economy_office, economy_user):
    return contest_create(
        user=economy_user,
        organisation=economy_office,
        title="Бережливый офис",
        year=2024,
        held_on=datetime.date(2024, 11, 27),
        nominations=["Лучший проект", "Лучшее ППУ"],
    )


def test_contest_year_and_date_agree(economy_office, economy_user):
    with pytest.raises(ValidationError) as error:
        contest_create(
            user=economy_user, organisation=economy_office, title="К", year=2024, held_on=datetime.date(2023, 1, 1)
        )
    assert "held_on" in error.value.message_dict


def test_nominations_kept_in_order_and_protected_when_used(contest, economy_user, unit, make_project):
    assert [n.title for n in contest.nominations.all()] == ["Лучший проект", "Лучшее ППУ"]
    contest_set_nominations(contest=contest, user=economy_user, titles=["Лучшее ППУ", "Наставник"])
    assert [n.title for n in contest.nominations.all()] == ["Лучшее ППУ", "Наставник"]
    contest_add_entry(
        contest=contest, user=economy_user, project=make_project(unit), nomination=contest.nominations.first()
    )
    with pytest.raises(ValidationError, match="есть участники"):
        contest_set_nominations(contest=contest, user=economy_user, titles=["Наставник"])


def test_entries_are_a_project_or_a_suggestion_once(contest, economy_user, unit, make_project):
    project = make_project(unit)
    suggestion = SuggestionFactory(organisation=unit, state=Suggestion.State.IMPLEMENTED)
    with pytest.raises(ValidationError):
        contest_add_entry(contest=contest, user=economy_user)
    with pytest.raises(ValidationError):
        contest_add_entry(contest=contest, user=economy_user, project=project, suggestion=suggestion)
    contest_add_entry(contest=contest, user=economy_user, project=project)
    contest_add_entry(contest=contest, user=economy_user, suggestion=suggestion)
    with pytest.raises(ValidationError, match="уже заявлен"):
        contest_add_entry(contest=contest, user=economy_user, project=project)
    other = ContestFactory(year=2024)
    with pytest.raises(ValidationError):
        contest_add_entry(
            contest=contest,
            user=economy_user,
            suggestion=SuggestionFactory(),
            nomination=other.nominations.create(title="x"),
        )


def test_only_the_organiser_writes(contest, department_user, unit, make_project):
    with pytest.raises(PermissionDenied):
        contest_add_entry(contest=contest, user=department_user, project=make_project(unit))


def test_jury_results_and_winners(contest, economy_user, unit, make_project):
    winner = make_project(unit, title="Победитель")
    second = make_project(unit, title="Второй")
    e1 = contest_add_entry(contest=contest, user=economy_user, project=winner)
    e2 = contest_add_entry(contest=contest, user=economy_user, project=second)
    with pytest.raises(ValidationError) as error:
        contest_record_result(entry=e2, user=economy_user, is_winner=True)
    assert "place" in error.value.message_dict
    contest_record_result(entry=e1, user=economy_user, score=Decimal("9.5"), place=1)
    contest_record_result(entry=e2, user=economy_user, score=Decimal("8"), place=2)
    e1.refresh_from_db()
    assert e1.is_winner  # first place always wins
    assert winning_project_ids() == {winner.pk}
    assert winning_project_ids(2024) == {winner.pk}
    assert winning_project_ids(2023) == set()
    assert winning_suggestion_ids() == set()


def test_project_page_shows_wins(rf, contest, economy_user, unit, make_project, department_user):
    project = make_project(unit)
    entry = contest_add_entry(
        contest=contest, user=economy_user, project=project, nomination=contest.nominations.first()
    )
    request = rf.get("/")
    request.user = department_user
    assert sections(request, project) == []
    contest_record_result(entry=entry, user=economy_user, place=1)
    [section] = sections(request, project)
    assert "Бережливый офис" in section.html and "1 место" in section.html and "Лучший проект" in section.html


def test_views_access(client, contest, economy_user, department_user, outsider_user, unit, make_project):
    project = make_project(unit)
    detail = contest.get_absolute_url()
    add = reverse("registries:contest-add-entry", args=[contest.pk])
    # Contests are municipal events: every logged-in user reads them; only the organiser writes.
    for user in (department_user, outsider_user, economy_user):
        client.force_login(user)
        assert client.get(detail).status_code == 200
    client.force_login(department_user)
    assert client.get(reverse("registries:contest-edit", args=[contest.pk])).status_code == 403
    assert client.post(add, {"project": project.pk}).status_code == 403
    assert client.get(reverse("registries:contest-detail", args=[99999])).status_code == 404
    client.logout()
    assert client.get(detail).status_code == 302
    client.force_login(economy_user)
    response = client.post(add, {"project": project.pk, "nomination": contest.nominations.first().pk})
    assert response.status_code == 302
    entry = ContestEntry.objects.get()
    response = client.post(
        reverse("registries:contest-record-result", args=[contest.pk, entry.pk]),
        {f"e{entry.pk}-score": "9", f"e{entry.pk}-place": "1", f"e{entry.pk}-is_winner": "on"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_winner and entry.place == 1
    response = client.post(add, {})
    assert response.status_code == 400
    other = ContestFactory()
    assert client.post(reverse("registries:contest-remove-entry", args=[other.pk, entry.pk])).status_code == 403
    assert client.post(reverse("registries:contest-remove-entry", args=[contest.pk, entry.pk])).status_code == 302
    assert not ContestEntry.objects.exists()


def test_detail_constant_queries(client, contest, economy_user, unit, make_project, django_assert_max_num_queries):
    for i in range(8):
        ContestEntryFactory(contest=contest, project=make_project(unit, title=f"П{i}"), place=i + 1)
    client.force_login(economy_user)
    with django_assert_max_num_queries(16):
        response = client.get(contest.get_absolute_url())
    assert len(response.context["entries"]) == 8


def test_detail_pages_entries_and_shows_the_jury_form_in_one_row(client, contest, economy_user, unit, make_project):

    entries = [
        ContestEntryFactory(contest=contest, project=make_project(unit, title=f"Участник {i:03}"), place=i + 1)
        for i in range(ENTRIES_PER_PAGE + 5)
    ]
    client.force_login(economy_user)
    url = contest.get_absolute_url()
    first = client.get(url)
    html = first.content.decode()
    assert len(first.context["entries"]) == ENTRIES_PER_PAGE and "Участник 000" in html and "Участник 054" not in html
    assert f"({ENTRIES_PER_PAGE + 5})" in html and "?page=2" in html
    # No jury form until a row is chosen: a link per row instead of a form per row.
    assert 'name="e' not in html and html.count("Записать результат") == ENTRIES_PER_PAGE
    second = client.get(url, {"page": 2, "entry": entries[-1].pk})
    html = second.content.decode()
    assert "Участник 054" in html and "Участник 000" not in html
    assert html.count('name="e') == 4  # score, place, winner, comment of that row only
    assert f'name="e{entries[-1].pk}-score"' in html
    assert f"{reverse('registries:contest-record-result', args=[contest.pk, entries[-1].pk])}?page=2" in html
    # Saved: back to the page and row it was entered on.
    response = client.post(
        reverse("registries:contest-record-result", args=[contest.pk, entries[-1].pk]) + "?page=2",
        {f"e{entries[-1].pk}-score": "7", f"e{entries[-1].pk}-place": "55"},
    )
    assert response.status_code == 302 and response.url == f"{url}?page=2#entry-{entries[-1].pk}"
    # Refused: the same page with the form of that row and its message, what was typed kept.
    response = client.post(
        reverse("registries:contest-record-result", args=[contest.pk, entries[-1].pk]) + "?page=2",
        {f"e{entries[-1].pk}-score": "много", f"e{entries[-1].pk}-place": "55"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["page_obj"].number == 2 and html.count('name="e') == 4
    assert response.context["entries"][-1].form.errors["score"]


def test_list_constant_queries(client, economy_office, department_user, django_assert_max_num_queries):
    for year in range(2015, 2027):
        ContestFactory(organisation=economy_office, year=year, held_on=datetime.date(year, 11, 1))
    client.force_login(department_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registries:contest-list"))
    assert response.context["page_obj"].paginator.count == 12
    assert client.get(reverse("registries:contest-list"), {"year": 2024}).context["page_obj"].paginator.count == 1


def test_list_sorting(client, economy_office, department_user):
    ContestFactory(organisation=economy_office, title="Б-конкурс", year=2023, held_on=datetime.date(2023, 5, 1))
    ContestFactory(organisation=economy_office, title="А-конкурс", year=2024, held_on=datetime.date(2024, 5, 1))
    client.force_login(department_user)
    url = reverse("registries:contest-list")
    assert [c.title for c in client.get(url).context["page_obj"]] == ["А-конкурс", "Б-конкурс"]
    assert [c.title for c in client.get(url, {"o": "held_on"}).context["page_obj"]] == ["Б-конкурс", "А-конкурс"]


def test_contest_level_the_offices_are_municipal(client, contest, school, school_user, economy_user):
    """Plan 3.3 counts municipal contests: the office's are municipal whatever is chosen; another organiser says
    whether its contest is municipal or in-house (the default)."""

    assert contest.level == Contest.Level.MUNICIPAL
    contest_update(contest=contest, user=economy_user, level=Contest.Level.IN_HOUSE)
    contest.refresh_from_db()
    assert contest.level == Contest.Level.MUNICIPAL
    in_house = contest_create(
        user=school_user, organisation=school, title="Лучший кабинет", year=2024, held_on=datetime.date(2024, 5, 1)
    )
    assert in_house.level == Contest.Level.IN_HOUSE
    client.force_login(school_user)
    form = client.get(reverse("registries:contest-edit", args=[in_house.pk])).context["form"]
    assert "level" in form.fields
    client.force_login(economy_user)
    assert "level" not in client.get(reverse("registries:contest-edit", args=[contest.pk])).context["form"].fields
    assert "уровень: муниципальный" in client.get(contest.get_absolute_url()).content.decode()
