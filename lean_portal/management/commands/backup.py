from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lean_portal.backup import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = "Создаёт резервную копию: база данных (pg_dump или SQLite) и загруженные файлы в одном архиве."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="Папка для архива (по умолчанию backups/).")

    def handle(self, *args, output, **options):
        try:
            path = create_backup(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(read_manifest(path)["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"Резервная копия создана: {path} (записей: {rows})."))
