from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Modules that add demo records, in dependency order; each has an idempotent ``load()`` that
# returns a dict of counts (or None). Every app's ``<app>/demo.py`` builds the default district;
# ``orgs.demo_region`` then adds the regional office and a second municipality, last, so that the
# district's own demos never see that municipality's organisations.
DEMO_MODULES = (
    "orgs.demo",
    "projects.demo",
    "scoring.demo",
    "registries.demo",
    "reporting.demo",
    "effects.demo",
    "plan.demo",
    "orgs.demo_region",
)


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационный округ (организации, сотрудников, учётные записи с паролем demo и записи "
        "разделов), региональный проектный офис и второй муниципальный округ с тиражированной практикой."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Демонстрационные данные запрещены в этой среде. "
                "Разрешите их переменной окружения DJANGO_DEMO_DATA=1 (только не в рабочей среде)."
            )
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            counts = module.load() or {}
            summary = ", ".join(f"{k}: {v}" for k, v in counts.items())
            self.stdout.write(f"{name.removesuffix('.demo')}: {summary or 'готово'}")
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены. Пароль всех учётных записей: demo."))
