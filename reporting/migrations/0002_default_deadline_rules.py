"""The decree's deadlines as the office's editable starting rules."""

from django.db import migrations

DEFAULTS = [
    # kind, day, month, months_after, remind_days_before
    ("quarterly_report", 1, None, 1, 5),
    ("self_assessment_done", 20, 11, 0, 7),
    ("self_assessment_sent", 1, 12, 0, 5),
    ("project_stage", 1, None, 0, 3),
]


def create(apps, schema_editor):
    DeadlineRule = apps.get_model("reporting", "DeadlineRule")
    for kind, day, month, months_after, remind in DEFAULTS:
        DeadlineRule.objects.get_or_create(
            kind=kind,
            organisation=None,
            defaults={"day": day, "month": month, "months_after": months_after, "remind_days_before": remind},
        )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
