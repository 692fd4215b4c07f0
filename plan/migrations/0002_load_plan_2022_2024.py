"""Load the plan of measures 2022–2024 exactly as Приложение 2 to decree No. 969 has it.

The data and the code live in ``plan/seed.py``, shared with the demo, which re-creates
the plan when it is missing (a flushed test database). Historical models only.
"""

from django.db import migrations


def load(apps, schema_editor):
    from plan.seed import seed_plan_2022_2024

    seed_plan_2022_2024(
        apps.get_model("plan", "Plan"), apps.get_model("plan", "Indicator"), apps.get_model("plan", "Target")
    )


def unload(apps, schema_editor):
    from plan.seed import PLAN_NAME

    apps.get_model("plan", "Plan").objects.filter(name=PLAN_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
