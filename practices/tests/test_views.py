"""The bank's pages: list (search, filters, order, query count), card, PDF, «Тиражировать», for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from orgs.tests.factories import SphereFactory
from projects.models import Project
from scoring.tests.conftest import REGIONAL_7_5

from .conftest import APPROVER, LEAD_POSITION, PROFILE_8, TEAM_MEMBER, bulk_practices, make_practice

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [a.project.title for a in response.context["page_obj"]]


# --- the list ---------------------------------------------------------------------------------


def test_list_needs_a_log_in(client, practice):
    response = client.get(reverse("practices:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "who",
    ["department_user", "colleague_user", "outsider_user", "director_user", "economy_user", "far_user",
     "far_economy_user", "region_user", "admin_user_portal"],
)  # fmt: skip
def test_every_municipality_reads_every_practice(client, request, who, practice, far_practice):
    response = client_for(client, request.getfixturevalue(who)).get(reverse("practices:list"))
    assert response.status_code == 200
    assert set(titles(response)) == {practice.title, far_practice.title}


def test_search_filters_and_order(client, far_user, practice, far_practice, unit, economy_user):
    make_practice(
        unit, economy_user, title="Ёлочный базар по записи", choices=PROFILE_8, process="Торговля ёлками",
        sphere=SphereFactory(name="Торговля"),
    )  # fmt: skip
    client_for(client, far_user)
    get = lambda **params: titles(client.get(reverse("practices:list"), params))  # noqa: E731
    assert get(q="ЕЛОЧНЫЙ") == ["Ёлочный базар по записи"]  # е/ё and case alike
    assert len(get(q="время ожидания")) == 3  # a goal's name
    assert get(process="ёлками") == ["Ёлочный базар по записи"]
    assert get(process="базар") == []  # the title is not the process
    assert get(status="federal") == [practice.title]
    assert get(municipality="belovsky") == [far_practice.title]
    assert get(sphere=str(far_practice.sphere_id)) == [far_practice.title]
    assert get() == [practice.title, far_practice.title, "Ёлочный базар по записи"]  # by score, then number
    assert get(sort="title") == ["Ёлочный базар по записи", "Запись в первый класс без очередей",
                                 "Социальное такси без бумаг"]  # fmt: skip
    response = client.get(reverse("practices:list"), {"q": "нет такой практики"})
    assert "Практик, подходящих под условия поиска, нет" in response.content.decode()


def test_bad_filter_value_is_400(client, far_user):
    client_for(client, far_user)
    assert client.get(reverse("practices:list"), {"status": "galactic"}).status_code == 400
    assert client.get(reverse("practices:list"), {"municipality": "atlantis"}).status_code == 400


def test_empty_bank_explains_itself(client, department_user):
    response = client_for(client, department_user).get(reverse("practices:list"))
    assert "В банке пока нет практик" in response.content.decode()


def test_list_runs_a_fixed_number_of_queries(client, unit, far_org, economy_user, far_user,
                                             django_assert_max_num_queries):  # fmt: skip
    client_for(client, far_user)
    bulk_practices([unit, far_org], economy_user, 3)
    client.get(reverse("practices:list"))  # warm-up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("practices:list"))
    bulk_practices([unit, far_org], economy_user, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("practices:list"), {"sort": "replications"})
    assert len(response.context["page_obj"]) == 20
    assert len(many) == len(few)
    with django_assert_max_num_queries(16):
        client.get(reverse("practices:list"))


def test_replication_count_is_shown_in_the_list(client, far_user, outsider_user, practice):
    client_for(client, outsider_user).post(reverse("practices:replicate", args=[practice.pk]))
    response = client_for(client, far_user).get(reverse("practices:list"))
    assert response.context["page_obj"][0].replication_count == 1
    assert "тиражирований: 1" in response.content.decode()


# --- the card and its PDF ---------------------------------------------------------------------


def test_card_shows_the_practice_and_no_personal_data_beyond_the_lead(client, far_user, practice):
    practice.organisation.email = "uo@example.ru"
    practice.organisation.save()
    response = client_for(client, far_user).get(reverse("practices:detail", args=[practice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for shown in ("Приём заявлений в первый класс", "Очереди у дверей школы", "Электронная очередь",
                  "Время ожидания", "Сэкономлено время родителей", "Лидерова Анна", LEAD_POSITION,
                  "uo@example.ru", "Ленинск-Кузнецкий МО", "Тиражировать"):  # fmt: skip
        assert shown in html, shown
    for hidden in (TEAM_MEMBER, "secret@example.org", APPROVER.split()[0]):
        assert hidden not in html
    # A reader of another municipality does not read the project itself: no link to its passport.
    assert practice.get_absolute_url() not in html


def test_card_of_a_project_that_is_no_practice_is_404(client, far_user, unit, economy_user):
    project = make_practice(unit, economy_user, choices=REGIONAL_7_5)
    client_for(client, far_user)
    assert client.get(reverse("practices:detail", args=[project.pk])).status_code == 404
    assert client.get(reverse("practices:pdf", args=[project.pk])).status_code == 404
    assert client.get(reverse("practices:replicate", args=[project.pk])).status_code == 404


def test_passport_pdf_for_another_municipality_without_the_team(client, far_user, practice, no_pdf_layout,
                                                                monkeypatch):  # fmt: skip
    from lean_portal import pdf

    rendered = {}
    original = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda name, context: rendered.setdefault("html", original(name, context)))
    client_for(client, far_user)
    # The project's own PDF stays with those who read the project.
    assert client.get(reverse("projects:pdf", args=[practice.pk])).status_code == 404
    response = client.get(reverse("practices:pdf", args=[practice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    html = rendered["html"]
    assert "Паспорт практики" in html and "Лидерова Анна" in html and "Очереди у дверей школы" in html
    for hidden in (TEAM_MEMBER, APPROVER.split()[0], "secret@example.org"):
        assert hidden not in html


def test_pdf_and_card_need_a_log_in(client, practice):
    for name in ("practices:detail", "practices:pdf", "practices:replicate"):
        response = client.get(reverse(name, args=[practice.pk]))
        assert response.status_code == 302 and "/login/" in response["Location"]


# --- «Тиражировать» ---------------------------------------------------------------------------


def test_replicate_into_another_municipality(client, far_user, far_org, practice):
    client_for(client, far_user)
    url = reverse("practices:replicate", args=[practice.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Создать черновик паспорта" in page.content.decode()
    assert not Project.objects.filter(replicates=practice).exists()  # a GET writes nothing
    response = client.post(url)
    copy = Project.objects.get(replicates=practice)
    assert response.status_code == 302 and response["Location"] == copy.get_absolute_url()
    assert copy.organisation == far_org and copy.state == Project.State.DRAFT and copy.created_by == far_user
    assert list(copy.goals.values_list("name", flat=True)) == ["Время ожидания"]
    assert copy.lead is None and not copy.team.exists()  # people stay with the source
    card = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    assert 'data-testid="replication-count">1<' in card and "Беловский МО" in card
    # A second visit says the organisation replicated it already.
    assert "уже тиражировала" in client.get(url).content.decode()


def test_a_municipal_sphere_does_not_travel(client, far_user, unit, economy_user):
    own_sphere = SphereFactory(name="Благоустройство дворов", municipality=unit.municipality)
    practice = make_practice(unit, economy_user, sphere=own_sphere)
    client_for(client, far_user).post(reverse("practices:replicate", args=[practice.pk]))
    assert Project.objects.get(replicates=practice).sphere is None


def test_replicating_own_practice_is_explained(client, department_user, practice):
    client_for(client, department_user)
    page = client.get(reverse("practices:replicate", args=[practice.pk]))
    assert page.status_code == 200 and "Это проект вашей организации" in page.content.decode()
    response = client.post(reverse("practices:replicate", args=[practice.pk]), follow=True)
    assert "Это проект вашей организации" in response.content.decode()
    assert not Project.objects.filter(replicates=practice).exists()


@pytest.mark.parametrize("who", ["region_user", "admin_user_portal"])
def test_accounts_without_a_municipal_organisation_get_403_with_the_reason(client, request, who, practice):
    client_for(client, request.getfixturevalue(who))
    for method in (client.get, client.post):
        response = method(reverse("practices:replicate", args=[practice.pk]))
        assert response.status_code == 403
        assert "Тиражирует практику" in response.content.decode() or "не ведёт" in response.content.decode()
    assert not Project.objects.filter(replicates=practice).exists()


# --- the old library addresses ------------------------------------------------------------------


def test_old_library_redirects_permanently_and_its_replicate_still_works(client, far_user, practice):
    client_for(client, far_user)
    response = client.get(reverse("scoring:library"), {"q": "первый"})
    assert (
        response.status_code == 301
        and response["Location"] == reverse("practices:list") + "?q=%D0%BF%D0%B5%D1%80%D0%B2%D1%8B%D0%B9"
    )
    assert client.get(reverse("scoring:replicate", args=[practice.pk])).status_code == 405
    client.post(reverse("scoring:replicate", args=[practice.pk]))
    assert Project.objects.filter(replicates=practice, organisation=far_user.organisation).exists()


def test_card_reads_a_fixed_number_of_queries_however_many_replications(client, far_user, practice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orgs.tests.factories import OrganisationFactory
    from projects.services import project_replicate

    def replicate(k):
        for _ in range(k):
            project_replicate(source=practice, organisation=OrganisationFactory(), user=far_user)

    client_for(client, far_user)
    url = reverse("practices:detail", args=[practice.pk])
    replicate(2)
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    replicate(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["replications"]) == 7
    assert len(many) == len(few)
