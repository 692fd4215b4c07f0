"""search_text: searched fields normalised (е/ё and case alike, lean_portal.search), backfilled; trigram indexes."""

from django.db import migrations, models

from lean_portal.search_migrations import backfill, drop_upper_trigram_index, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0010_registry_stage_ends_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="текст для поиска"),
        ),
        migrations.AddField(
            model_name="project",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="текст для поиска"),
        ),
        backfill("projects", "Project", ("title", "process")),
        backfill("projects", "Goal", ("name",)),
        trigram_index("project_search_trgm", "projects_project"),
        trigram_index("goal_search_trgm", "projects_goal"),
        drop_upper_trigram_index("project_title_trgm", "projects_project", "title"),
        drop_upper_trigram_index("project_process_trgm", "projects_project", "process"),
        drop_upper_trigram_index("goal_name_trgm", "projects_goal", "name"),
    ]
