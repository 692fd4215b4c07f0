from django.core.management.base import BaseCommand

from orgs.reference import load_reference


class Command(BaseCommand):
    help = "Загружает справочники: сферы деятельности, управление экономического развития, территориальные отделы."

    def handle(self, *args, **options):
        created = load_reference()
        self.stdout.write(
            self.style.SUCCESS(
                f"Справочники загружены: новых сфер {created['spheres']}, новых организаций {created['organisations']}."
            )
        )
