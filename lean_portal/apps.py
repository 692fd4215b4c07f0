from django.apps import AppConfig


class LeanPortalConfig(AppConfig):
    name = "lean_portal"
    verbose_name = "Бережливый портал"

    def ready(self):
        # The deployment checks (PORTAL_BASE_URL, proxy count, shared cache) register on import.
        from lean_portal import checks  # noqa: F401
