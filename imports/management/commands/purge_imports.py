from django.core.management.base import BaseCommand

from imports.models import KEEP_DAYS
from imports.services import import_batch_purge


class Command(BaseCommand):
    help = f"Удалить загруженные файлы импорта старше {KEEP_DAYS} дней (их удаляет и каждая новая загрузка)."

    def handle(self, *args, **options):
        self.stdout.write(f"Удалено загрузок: {import_batch_purge()}")
