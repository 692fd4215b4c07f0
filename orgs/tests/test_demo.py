import pytest
from django.core.management import CommandError, call_command

from orgs.models import Organisation, User
from orgs.reference import TERRITORIAL_DEPARTMENTS


@pytest.mark.django_db
def test_reference_data_has_the_seven_territorial_departments_and_the_office():
    call_command("load_reference")
    territorial = Organisation.objects.filter(kind=Organisation.Kind.TERRITORIAL)
    assert territorial.count() == 7
    for settlement, _ in TERRITORIAL_DEPARTMENTS:
        assert territorial.filter(full_name__contains=settlement).exists()
    assert Organisation.objects.get(is_economy_office=True).short_name == "Управление экономического развития"


@pytest.mark.django_db
def test_load_demo_creates_the_accounts_and_is_idempotent():
    call_command("load_demo")
    counts = (Organisation.objects.count(), User.objects.count())
    call_command("load_demo")
    assert (Organisation.objects.count(), User.objects.count()) == counts
    assert counts[0] >= 25

    department = User.objects.get(username="department")
    school = User.objects.get(username="school")
    director = User.objects.get(username="director")
    assert department.check_password("demo")
    assert department.organisation.subordinates.filter(pk=school.organisation_id).exists()
    assert director.organisation == department.organisation
    assert department.organisation.head == director.employee
    assert User.objects.get(username="economy").organisation.is_economy_office
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_load_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DJANGO_DEMO_DATA"):
        call_command("load_demo")
    assert not User.objects.exists()
