"""Choosing people for a passport without handing out a staff directory (issue 16, item 1;
issue 17, item 5): the form lists only the chosen people, other organisations' staff are found
only by a typed name among the passport's participants, each lookup is logged, and the head of
the employee's organisation sees and withdraws them."""

import re

import pytest
from django.urls import reverse

from orgs.models import PersonalDataAccess
from orgs.tests.factories import EmployeeFactory, OrganisationFactory, UserFactory
from projects.models import Project, TeamMember
from projects.tests.factories import FullProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    return OrganisationFactory(short_name="МБУК «Дом культуры»", kind="institution")


@pytest.fixture
def partner_staff(partner):
    return [
        EmployeeFactory(
            organisation=partner, last_name="Иванова", first_name="Наталья", middle_name="Петровна", position="Методист"
        ),
        EmployeeFactory(
            organisation=partner, last_name="Григорьев", first_name="Олег", middle_name="Ильич", position="Директор"
        ),
    ]


@pytest.fixture
def stranger(db):
    """An employee of an organisation that is not a participant."""
    return EmployeeFactory(
        organisation=OrganisationFactory(short_name="Управление спорта"),
        last_name="Иванова",
        first_name="Наталья",
        middle_name="Петровна",
        position="Тренер",
    )


@pytest.fixture
def interorg(unit, department_user, partner):
    project = FullProjectFactory(organisation=unit, created_by=department_user, kind=Project.Kind.INTERORGANISATIONAL)
    project.participants.add(partner)
    return project


def lookup(client, q, project=None):
    params = {"q": q, **({"project": project.pk} if project else {})}
    response = client.get(reverse("projects:people-lookup"), params)
    assert response.status_code == 200
    return response.json()["results"]


def test_own_staff_are_offered_from_the_first_letter(client, department_user, colleague_user, interorg, partner_staff):
    client.force_login(department_user)
    names = [row["text"] for row in lookup(client, "", interorg)]
    assert colleague_user.employee.full_name in names
    assert not any(e.full_name in names for e in partner_staff)  # never the participant's list


def test_participants_staff_only_by_three_letters_of_a_name(client, department_user, interorg, partner_staff, stranger):
    client.force_login(department_user)
    assert not [r for r in lookup(client, "Ив", interorg) if "Дом культуры" in r["description"]]
    found = lookup(client, "Иванова", interorg)
    descriptions = [r["description"] for r in found if r["text"] == "Иванова Наталья Петровна"]
    # Told apart by position and organisation; the non-participant's namesake is not offered.
    assert descriptions == ["Методист, МБУК «Дом культуры»"]
    assert not any(r["value"] == stranger.pk for r in found)
    assert not any(r["value"] == partner_staff[1].pk for r in found)  # only those matching the name


def test_a_new_passport_offers_only_the_organisations_own_staff(client, department_user, partner_staff):
    client.force_login(department_user)
    assert lookup(client, "Иванова") == [] or all(
        "Дом культуры" not in r["description"] for r in lookup(client, "Иванова")
    )


def test_every_lookup_is_logged(client, department_user, interorg, partner_staff):
    client.force_login(department_user)
    PersonalDataAccess.objects.all().delete()
    lookup(client, "Иванова", interorg)
    entry = PersonalDataAccess.objects.get(user=department_user)
    assert f"паспорта № {interorg.pk}" in entry.what and "«Иванова»" in entry.what
    assert entry.records == 1


def test_lookup_needs_write_access_to_the_passport(client, outsider_user, economy_user, interorg):
    client.force_login(outsider_user)
    assert client.get(reverse("projects:people-lookup"), {"project": interorg.pk, "q": "Ива"}).status_code == 404
    client.force_login(economy_user)
    assert client.get(reverse("projects:people-lookup"), {"project": interorg.pk, "q": "Ива"}).status_code == 403
    assert client.get(reverse("projects:people-lookup"), {"project": "x", "q": "Ива"}).status_code == 404
    assert client.get(reverse("projects:people-lookup"), {"project": "x\x00", "q": "Ива"}).status_code == 400


def test_the_form_holds_only_the_chosen_people_and_organisations(
    client, department_user, colleague_user, interorg, partner_staff
):
    TeamMemberFactory(project=interorg, employee=partner_staff[0], role="Эксперт")
    for _ in range(3):
        OrganisationFactory()
    client.force_login(department_user)
    html = client.get(reverse("projects:edit", args=[interorg.pk])).content.decode()
    assert "Иванова Наталья Петровна — Методист, МБУК «Дом культуры»" in html  # the chosen one, told apart
    assert partner_staff[1].full_name not in html and colleague_user.employee.full_name not in html
    selects = dict(re.findall(r'<select name="([^"]+)".*?>(.*?)</select>', html, re.S))
    # Only the chosen: one participant, the lead, one team member — no list of organisations or staff.
    assert selects["participants"].count("<option") == 1
    assert f'value="{interorg.participants.get().pk}" selected' in selects["participants"]
    assert selects["lead"].count("<option") == 2  # the empty choice and the lead
    assert [selects[f"team-{i}-employee"].count("<option") for i in range(2)] == [2, 2]
    assert selects["replicates"].count("<option") == 1  # the empty choice only


def test_a_forged_id_of_a_non_participant_is_refused(client, department_user, interorg, stranger):
    from projects.forms import ProjectForm

    form = ProjectForm(
        {
            "title": "x",
            "kind": interorg.kind,
            "lead": str(stranger.pk),
            "participants": [interorg.participants.get().pk],
        },
        instance=interorg,
        organisation=interorg.organisation,
    )
    assert not form.is_valid()
    assert "lead" in form.errors


# --- The head sees and withdraws ------------------------------------------------------------


@pytest.fixture
def partner_head(partner):
    from orgs.models import User

    head = EmployeeFactory(organisation=partner, position="Директор")
    partner.head = head
    partner.save(update_fields=["head"])
    return UserFactory(username="partner-head", role=User.Role.DIRECTOR, employee=head)


def test_head_sees_and_withdraws_a_team_member(client, partner_head, interorg, partner_staff):
    member = TeamMemberFactory(project=interorg, employee=partner_staff[0], role="Эксперт")
    interorg.lead = partner_staff[1]
    interorg.save()
    version = Project.objects.get(pk=interorg.pk).version
    client.force_login(partner_head)
    home = client.get(reverse("home")).content.decode()
    assert "Ваши сотрудники в проектах других организаций" in home
    page = client.get(reverse("projects:seconded"))
    html = page.content.decode()
    assert "Иванова Наталья Петровна" in html and interorg.title in html and "Григорьев Олег Ильич" in html
    response = client.post(reverse("projects:seconded-withdraw"), {"member": member.pk})
    assert response.status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    response = client.post(reverse("projects:seconded-withdraw"), {"lead": interorg.pk})
    interorg.refresh_from_db()
    assert interorg.lead is None and interorg.version == version + 2
    assert "seconded-empty" in client.get(reverse("projects:seconded")).content.decode()


def test_only_the_head_of_the_employees_organisation_withdraws(
    client, director_user, department_user, interorg, partner_staff, partner_head
):
    member = TeamMemberFactory(project=interorg, employee=partner_staff[0], role="Эксперт")
    client.force_login(department_user)
    assert client.get(reverse("projects:seconded")).status_code == 403
    assert client.post(reverse("projects:seconded-withdraw"), {"member": member.pk}).status_code == 403
    # The head of another organisation: the row is not among their staff.
    client.force_login(director_user)
    assert client.post(reverse("projects:seconded-withdraw"), {"member": member.pk}).status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_own_staff_on_own_project_are_not_listed(client, director_user, interorg):
    client.force_login(director_user)
    html = client.get(reverse("projects:seconded")).content.decode()
    assert "seconded-empty" in html
