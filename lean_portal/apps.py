from django.apps import AppConfig

from lean_portal import (
    checks,  # noqa: F401 — the deployment checks (PORTAL_BASE_URL, proxy count, shared cache) register on import
    panels,
)


class LeanPortalConfig(AppConfig):
    name = "lean_portal"
    verbose_name = "Бережливый портал"

    def ready(self):
        # Every app's home panels and project-page sections; a broken one stops start-up here.
        panels.discover()
