import factory

from orgs.models import Employee, Organisation, Sphere, User


class SphereFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sphere
        django_get_or_create = ("name",)

    name = factory.Iterator(["Образование", "Культура", "Социальная защита", "Жилищно-коммунальное хозяйство"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    short_name = factory.Sequence(lambda n: f"Организация {n}")
    full_name = factory.LazyAttributeSequence(
        lambda o, n: f"{o.short_name} Ленинск-Кузнецкого муниципального округа ({n})"
    )
    kind = Organisation.Kind.INSTITUTION
    sphere = factory.SubFactory(SphereFactory)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    last_name = factory.Iterator(["Иванов", "Петрова", "Сидоров", "Кузнецова", "Попов", "Смирнова"])
    first_name = factory.Iterator(["Иван", "Мария", "Пётр", "Анна", "Олег", "Елена"])
    middle_name = factory.Iterator(["Иванович", "Сергеевна", "Петрович", "Олеговна", "Андреевич", "Викторовна"])
    position = "Специалист"
    organisation = factory.SubFactory(OrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.STAFF
    employee = factory.SubFactory(EmployeeFactory)
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
