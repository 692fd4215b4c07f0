"""The access rules of ``orgs.access``: who reads and writes which organisation's records."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs.access import (
    can_read_organisation,
    can_write_organisation,
    get_object_for_user,
    heads_organisation,
    visible_to,
)
from orgs.models import Employee, Organisation


@pytest.mark.django_db
class TestReading:
    def test_unit_staff_read_own_unit_and_its_subordinates_only(self, department_user, unit, school, other_org):
        visible = set(Organisation.objects.visible_to(department_user))
        assert visible == {unit, school}

    def test_institution_staff_read_only_their_institution(self, school_user, unit, school, other_org):
        assert set(Organisation.objects.visible_to(school_user)) == {school}
        assert not can_read_organisation(school_user, unit)

    def test_economy_office_reads_everything(self, economy_user, unit, school, other_org, economy_office):
        assert set(Organisation.objects.visible_to(economy_user)) == {unit, school, other_org, economy_office}

    def test_user_without_employee_reads_nothing(self, django_user_model, unit):
        user = django_user_model.objects.create_user("nobody", password="x")
        assert not Organisation.objects.visible_to(user).exists()

    def test_visible_to_follows_a_related_path(self, department_user, outsider_user, unit, other_org):
        employees = visible_to(department_user, Employee.objects.all())
        assert department_user.employee in employees
        assert outsider_user.employee not in employees


@pytest.mark.django_db
class TestWriting:
    def test_staff_write_only_their_own_organisation(self, department_user, unit, school):
        assert can_write_organisation(department_user, unit)
        assert not can_write_organisation(department_user, school)

    def test_economy_office_reads_but_does_not_write_others(self, economy_user, unit):
        assert can_read_organisation(economy_user, unit)
        assert not can_write_organisation(economy_user, unit)

    def test_admin_writes_everything(self, admin_user_portal, unit):
        assert can_write_organisation(admin_user_portal, unit)

    def test_director_heads_only_their_organisation(self, director_user, department_user, unit, school):
        assert heads_organisation(director_user, unit)
        assert not heads_organisation(director_user, school)
        assert not heads_organisation(department_user, unit)


@pytest.mark.django_db
class TestGetObjectForUser:
    def test_outsider_gets_404(self, outsider_user, unit):
        with pytest.raises(Http404):
            get_object_for_user(outsider_user, Organisation.objects.all(), unit.pk, field="")

    def test_reader_asking_to_write_gets_403(self, department_user, school):
        employee = Employee.objects.create(organisation=school, last_name="А", first_name="Б", position="В")
        assert get_object_for_user(department_user, Employee.objects.all(), employee.pk) == employee
        with pytest.raises(PermissionDenied):
            get_object_for_user(department_user, Employee.objects.all(), employee.pk, write=True)

    def test_owner_may_write(self, department_user, unit):
        employee = department_user.employee
        assert get_object_for_user(department_user, Employee.objects.all(), employee.pk, write=True) == employee

    def test_garbage_id_is_404(self, department_user):
        with pytest.raises(Http404):
            get_object_for_user(department_user, Organisation.objects.all(), "abc", field="")


def test_admin_names_a_decision_deputy_on_the_organisation(client, db):
    """The deputy of maker-checker is a field of the organisation in the admin, in Russian."""
    from django.urls import reverse

    from orgs.tests.factories import OrganisationFactory, UserFactory

    organisation = OrganisationFactory(is_economy_office=True)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True, role="admin")
    deputy = UserFactory(username="deputy")
    client.force_login(admin)
    page = client.get(reverse("admin:orgs_organisation_change", args=[organisation.pk])).content.decode()
    assert "Заместитель для принятия решений" in page
    from orgs.access import decides_as_office, is_decision_deputy

    assert not decides_as_office(deputy, filed_by=organisation)
    organisation.decision_deputy = deputy
    organisation.save(update_fields=["decision_deputy"])
    assert is_decision_deputy(deputy, organisation)
    assert decides_as_office(deputy, filed_by=organisation)
    assert not decides_as_office(deputy, filed_by=OrganisationFactory())
