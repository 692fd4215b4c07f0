from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lean_portal.backup import BackupError, restore_backup, table_counts


class Command(BaseCommand):
    help = (
        "Восстанавливает резервную копию в ПУСТУЮ базу данных (для PostgreSQL — созданную командой createdb) "
        "и загруженные файлы; затем сверяет число записей каждой таблицы с копией."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Архив, созданный командой backup.")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        restored = table_counts()
        missing = {t: (n, restored.get(t)) for t, n in manifest["tables"].items() if restored.get(t) != n}
        if missing:
            details = "; ".join(f"{t}: в копии {n}, восстановлено {m}" for t, (n, m) in missing.items())
            raise CommandError(f"Восстановлены не все записи: {details}")
        total = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(f"Восстановлено записей: {total}; все таблицы сверены с копией."))
