from django.apps import AppConfig


class LeanPortalConfig(AppConfig):
    name = "lean_portal"
    verbose_name = "Бережливый портал"

    def ready(self):
        # The cache's signal receivers, connected in every process (a management command
        # writing rows must drop the cached pages and panels the web processes serve).
        from lean_portal import checks, pagecache, panels  # noqa: F401
