from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Apps that add demo records, in dependency order; each has ``<app>/demo.py``
# with an idempotent ``load()`` that returns a dict of counts (or None).
DEMO_APPS = ("orgs", "projects", "scoring", "registries", "reporting", "effects", "plan")


class Command(BaseCommand):
    help = "Создаёт демонстрационный округ: организации, сотрудников, учётные записи (пароль demo) и записи разделов."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Демонстрационные данные запрещены в этой среде. "
                "Разрешите их переменной окружения DJANGO_DEMO_DATA=1 (только не в рабочей среде)."
            )
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            counts = module.load() or {}
            summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
            self.stdout.write(f"{app}: {summary or 'готово'}")
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены. Пароль всех учётных записей: demo."))
