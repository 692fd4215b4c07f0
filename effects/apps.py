from django.apps import AppConfig


class EffectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "effects"
    verbose_name = "Эффекты бережливых проектов"

    def ready(self) -> None:
        # cycle: effects.apps -> effects.hooks -> projects.models (models load only after every AppConfig)
        from effects import hooks

        hooks.connect()
