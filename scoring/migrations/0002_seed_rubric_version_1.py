"""Seed rubric version 1: the table of Приложение №2 to the regulation of decree No. 969."""

import datetime

from django.db import migrations


def seed(apps, schema_editor):
    from scoring.rubric import DEFAULT_RUBRIC, rubric_to_data

    RubricVersion = apps.get_model("scoring", "RubricVersion")
    if RubricVersion.objects.filter(number=1).exists():
        return
    RubricVersion.objects.create(
        number=1,
        title="Порядок проведения оценки значимости бережливых проектов",
        basis=(
            "Приложение №2 к Положению о реализации бережливого управления, утверждённому постановлением "
            "администрации Ленинск-Кузнецкого муниципального округа от 30.09.2022 № 969"
        ),
        valid_from=datetime.date(2022, 9, 30),
        is_current=True,
        data=rubric_to_data(DEFAULT_RUBRIC),
    )


def unseed(apps, schema_editor):
    RubricVersion = apps.get_model("scoring", "RubricVersion")
    RubricVersion.objects.filter(number=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
