"""Seed rubric version 1: the table of Приложение №2 to the regulation of decree No. 969."""

from django.db import migrations


def seed(apps, schema_editor):
    from scoring.seed import seed_version_1

    seed_version_1(apps.get_model("scoring", "RubricVersion"))


def unseed(apps, schema_editor):
    RubricVersion = apps.get_model("scoring", "RubricVersion")
    RubricVersion.objects.filter(number=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
