from django.apps import AppConfig


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = "Организации и сотрудники"

    def ready(self):
        # The home page's panel cache listens to saves and deletes of the models its panels
        # are made of; connected here so that every process (requests, management commands,
        # the shell) drops stale panels, not only one that has already served a home page.
        import lean_portal.panels  # noqa: F401

        # Log-in asks for the second factor of those who set one up (its user_logged_in receiver).
        import orgs.twofactor  # noqa: F401
