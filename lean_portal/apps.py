from django.apps import AppConfig


class LeanPortalConfig(AppConfig):
    name = "lean_portal"
    verbose_name = "Бережливый портал"
