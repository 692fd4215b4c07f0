"""search_text: searched fields normalised (е/ё and case alike, lean_portal.search), backfilled; trigram indexes."""

from django.db import migrations, models

from lean_portal.search_migrations import backfill, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("registries", "0004_list_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="suggestion",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="текст для поиска"),
        ),
        backfill("registries", "Suggestion", ("title", "problem", "solution")),
        trigram_index("suggestion_search_trgm", "registries_suggestion"),
    ]
