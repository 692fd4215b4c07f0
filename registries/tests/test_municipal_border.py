"""Registers across municipalities: regional contests (the regional office's, read by all, entries
from every municipality) and municipal ones (read within their municipality); the regional office
enters no municipality's registers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.tests.factories import ProjectFactory
from registries.models import Contest
from registries.services.contests import contest_add_entry, contest_create

pytestmark = pytest.mark.django_db


def create(user, organisation, **fields):
    return contest_create(
        user=user,
        organisation=organisation,
        title=fields.pop("title", "Бережливый регион"),
        year=2026,
        held_on=datetime.date(2026, 11, 27),
        nominations=["Лучший проект"],
        **fields,
    )


@pytest.fixture
def regional(region_user, regional_office):
    return create(region_user, regional_office)


@pytest.fixture
def municipal(economy_user, economy_office):
    return create(economy_user, economy_office, title="Бережливый офис")


class TestRegionalContests:
    def test_the_regional_offices_contest_is_regional_whatever_is_asked(self, regional, region_user, regional_office):
        assert regional.level == Contest.Level.REGIONAL
        other = create(region_user, regional_office, title="Ещё", level=Contest.Level.IN_HOUSE)
        assert other.level == Contest.Level.REGIONAL

    def test_nobody_else_holds_a_regional_contest(self, department_user, unit):
        with pytest.raises(ValidationError):
            create(department_user, unit, level=Contest.Level.REGIONAL)

    def test_entries_from_every_municipality(self, regional, region_user, unit, far_org):
        for organisation in (unit, far_org):
            contest_add_entry(contest=regional, user=region_user, project=ProjectFactory(organisation=organisation))
        assert regional.entries.count() == 2

    def test_a_municipal_contest_takes_its_own_municipalitys_entries_only(self, municipal, economy_user, far_org):
        with pytest.raises(ValidationError):
            contest_add_entry(contest=municipal, user=economy_user, project=ProjectFactory(organisation=far_org))

    def test_the_region_creates_them_in_the_browser(self, client, region_user):
        client.force_login(region_user)
        page = client.get(reverse("registries:contest-create"))
        assert page.status_code == 200 and "level" not in page.context["form"].fields
        response = client.post(
            reverse("registries:contest-create"),
            {"title": "Эффективный регион", "year": 2026, "held_on": "2026-11-27", "nominations": "Проект"},
        )
        assert response.status_code == 302
        assert Contest.objects.get(title="Эффективный регион").level == Contest.Level.REGIONAL

    def test_other_organisers_are_not_offered_the_regional_level(self, client, department_user):
        client.force_login(department_user)
        choices = [
            c[0] for c in client.get(reverse("registries:contest-create")).context["form"].fields["level"].choices
        ]
        assert Contest.Level.REGIONAL not in choices


class TestWhoReads:
    def test_everyone_reads_a_regional_contest_and_a_municipal_one_stays_home(
        self, client, regional, municipal, far_user, far_economy_user, department_user, region_user
    ):
        for user in (far_user, far_economy_user):
            client.force_login(user)
            listed = list(client.get(reverse("registries:contest-list")).context["page_obj"])
            assert listed == [regional]
            assert client.get(municipal.get_absolute_url()).status_code == 404
            assert client.get(regional.get_absolute_url()).status_code == 200
        client.force_login(department_user)
        assert set(client.get(reverse("registries:contest-list")).context["page_obj"]) == {regional, municipal}
        client.force_login(region_user)
        assert client.get(municipal.get_absolute_url()).status_code == 200
        assert client.get(reverse("registries:contest-edit", args=[municipal.pk])).status_code == 403

    def test_the_list_runs_a_fixed_number_of_queries(
        self, client, regional, municipal, far_user, django_assert_max_num_queries
    ):
        client.force_login(far_user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("registries:contest-list")).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["suggestion-create", "training-create", "modelsite-create", "survey-create", "diagnostics-create"],
)
def test_the_regional_office_enters_no_municipalitys_register(client, region_user, name):
    client.force_login(region_user)
    assert client.get(reverse(f"registries:{name}")).status_code == 403


def test_the_office_confirms_its_own_municipalitys_training_only(client, far_economy_user, far_org, unit):
    from orgs.tests.factories import EmployeeFactory
    from registries.models import Training
    from registries.tests.factories import TrainingFactory

    here = TrainingFactory(
        employee=EmployeeFactory(organisation=unit),
        kind=Training.Kind.LEAN_BASICS,
        completed_on=datetime.date(2026, 3, 1),
    )
    there = TrainingFactory(
        employee=EmployeeFactory(organisation=far_org),
        kind=Training.Kind.LEAN_BASICS,
        completed_on=datetime.date(2026, 3, 1),
    )
    client.force_login(far_economy_user)
    assert list(client.get(reverse("registries:training-unconfirmed")).context["page_obj"]) == [there]
    assert client.get(reverse("registries:training-list")).context["unconfirmed_count"] == 1
    assert client.post(reverse("registries:training-confirm", args=[here.pk])).status_code == 404


class TestStatements:
    @pytest.fixture
    def statements(self, far_economy_user, region_user):
        from registries.services.diagnostics import statement_save

        regional = statement_save(user=region_user, text="Руководители поддерживают улучшения", position=1)
        own = statement_save(user=far_economy_user, text="Шахтёры предлагают улучшения", position=2)
        return regional, own

    def test_an_office_extends_the_regional_questionnaire_for_its_municipality(
        self, statements, far_economy_user, economy_user
    ):
        from registries.models import DiagnosticStatement

        regional, own = statements
        assert regional.municipality is None and own.municipality == far_economy_user.municipality
        assert set(DiagnosticStatement.objects.of_municipality(far_economy_user.municipality_id)) == {regional, own}
        assert set(DiagnosticStatement.objects.of_municipality(economy_user.municipality_id)) == {regional}

    def test_an_office_edits_its_own_statements_only(self, client, statements, far_economy_user, economy_user):
        from django.core.exceptions import PermissionDenied

        from registries.services.diagnostics import statement_save

        regional, own = statements
        with pytest.raises(PermissionDenied):
            statement_save(user=far_economy_user, statement=regional, text="Иначе", position=1, is_active=True)
        client.force_login(economy_user)
        assert client.get(reverse("registries:statement-edit", args=[own.pk])).status_code == 404
        assert client.get(reverse("registries:statement-edit", args=[regional.pk])).status_code == 404
        listed = list(client.get(reverse("registries:statement-list")).context["statements"])
        assert listed == [regional]

    def test_the_form_rates_the_municipalitys_questionnaire(self, client, statements, far_user, department_user):
        client.force_login(far_user)
        assert len(client.get(reverse("registries:diagnostics-create")).context["form"].statements) == 2
        client.force_login(department_user)
        assert client.get(reverse("registries:diagnostics-create")).context["form"].statements == [statements[0]]
