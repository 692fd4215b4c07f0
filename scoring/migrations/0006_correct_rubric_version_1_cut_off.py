"""Correct rubric version 1: criteria 1 and 2 knock out, not all seven (DOMAIN.md «Significance rubric»).

Version 1 was seeded with every criterion knocking out, which left «муниципальный бережливый
проект» (0–4.5 points, 5.3 of the procedure) unreachable. The assessments made under it are
recomputed; the office is shown, once, each one whose status changed.
"""

from django.db import migrations


def correct(apps, schema_editor):
    from scoring.corrections import correct_version_1

    correct_version_1(apps.get_model)


def restore(apps, schema_editor):
    from scoring.corrections import MISREAD_CUT_OFF, VERSION_1_REASON, correct_version_1

    correct_version_1(apps.get_model, cut_off=MISREAD_CUT_OFF, reason="Отмена исправления редакции 1.")
    apps.get_model("scoring", "StatusCorrection").objects.filter(
        reason__in=[VERSION_1_REASON, "Отмена исправления редакции 1."]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0005_rubric_version_author_and_status_corrections")]

    operations = [migrations.RunPython(correct, restore)]
