"""search_text: searched fields normalised (е/ё and case alike, lean_portal.search), backfilled; trigram indexes."""

from django.db import migrations, models

from lean_portal.search_migrations import backfill, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_personaldataaccess"),
    ]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="текст для поиска"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="текст для поиска"),
        ),
        backfill("orgs", "Organisation", ("short_name", "full_name")),
        backfill("orgs", "Employee", ("last_name", "first_name", "middle_name"), separator=" "),
        trigram_index("organisation_search_trgm", "orgs_organisation"),
        trigram_index("employee_search_trgm", "orgs_employee"),
    ]
