"""Reference data every installation needs: spheres of activity, the economic
development office and the seven territorial departments named in item 4 of the
decree. Loaded by ``manage.py load_reference``; idempotent."""

from __future__ import annotations

from django.db import transaction

from orgs.models import Municipality, Organisation, Sphere

SPHERES = [
    "Образование",
    "Культура",
    "Социальная защита",
    "Жилищно-коммунальное хозяйство",
    "Здравоохранение",
    "Физическая культура и спорт",
    "Молодёжная политика",
    "Муниципальное управление",
    "Экономика и финансы",
    "Сельское хозяйство",
    "Имущественные и земельные отношения",
    "Благоустройство и дорожное хозяйство",
]

ECONOMY_OFFICE = (
    "Управление экономического развития территории администрации Ленинск-Кузнецкого муниципального округа",
    "Управление экономического развития",
)

# (settlement as in item 4 of the decree, adjective form of the department's name)
TERRITORIAL_DEPARTMENTS = [
    ("п. Демьяновка", "Демьяновский"),
    ("с. Драченино", "Драченинский"),
    ("с. Красное", "Краснинский"),
    ("с. Подгорное", "Подгорновский"),
    ("п. Чкаловский", "Чкаловский"),
    ("с. Чусовитино", "Чусовитинский"),
    ("с. Шабаново", "Шабановский"),
]


def territorial_full_name(adjective: str, settlement: str) -> str:
    return (
        f"{adjective} территориальный отдел территориального управления администрации "
        f"Ленинск-Кузнецкого муниципального округа ({settlement})"
    )


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create or refresh the reference rows; returns how many were created."""
    created = {"spheres": 0, "organisations": 0}
    spheres = {}
    for position, name in enumerate(SPHERES, start=1):
        sphere, was_created = Sphere.objects.get_or_create(name=name, defaults={"position": position})
        spheres[name] = sphere
        created["spheres"] += was_created

    # The district of decree № 969 is the default municipality; other municipalities are added by the
    # regional office in the browser (orgs.onboarding) and fill their own lists by import.
    municipality = Municipality.objects.default()
    full_name, short_name = ECONOMY_OFFICE
    _, was_created = Organisation.objects.get_or_create(
        full_name=full_name,
        defaults={
            "short_name": short_name,
            "kind": Organisation.Kind.STRUCTURAL_UNIT,
            "sphere": spheres["Экономика и финансы"],
            "is_economy_office": True,
            "municipality": municipality,
        },
    )
    created["organisations"] += was_created

    for settlement, adjective in TERRITORIAL_DEPARTMENTS:
        _, was_created = Organisation.objects.get_or_create(
            full_name=territorial_full_name(adjective, settlement),
            defaults={
                "short_name": f"{adjective} территориальный отдел",
                "kind": Organisation.Kind.TERRITORIAL,
                "sphere": spheres["Муниципальное управление"],
                "municipality": municipality,
            },
        )
        created["organisations"] += was_created
    return created
