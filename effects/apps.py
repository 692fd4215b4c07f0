from django.apps import AppConfig


class EffectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "effects"
    verbose_name = "Эффекты бережливых проектов"

    def ready(self) -> None:
        # Planned effects are part of the approved passport: stored in its baseline at approval and
        # changed only through its change requests.
        from effects import services
        from projects.changes import BaselinePart, register_baseline_part

        register_baseline_part(
            BaselinePart(
                key="effects",
                snapshot=services.baseline_snapshot,
                check=services.check_proposal,
                apply=services.apply_proposal,
                describe=services.describe_proposal,
            )
        )
