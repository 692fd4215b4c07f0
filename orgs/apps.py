from django.apps import AppConfig


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = "Организации и сотрудники"

    def ready(self):
        # Log-in asks for the second factor of those who set one up (its user_logged_in receiver).
        # cycle: orgs.apps -> orgs.twofactor -> orgs.models (models load only after every AppConfig)
        import orgs.twofactor  # noqa: F401
