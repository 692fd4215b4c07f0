"""Import registers from an .xlsx file on the console (the first load by an administrator):
the same check and report as in the browser, then the import in one transaction."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from imports.engine import Importer, ImportFailed, Report
from orgs.models import User


class Command(BaseCommand):
    help = "Загрузка реестров из файла Excel по шаблону портала: проверка, отчёт и запись (всё или ничего)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="файл .xlsx, заполненный по шаблону")
        parser.add_argument("--user", required=True, help="от чьего имени загружать (логин; в истории записей)")
        parser.add_argument("--check", action="store_true", help="только проверить и показать отчёт")
        parser.add_argument("--quiet-progress", action="store_true", help="не показывать ход обработки")

    def handle(self, *args, path, user, check, quiet_progress, **options):
        try:
            account = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"Пользователь «{user}» не найден.") from None
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        started = time.monotonic()
        progress = None if quiet_progress else self._progress
        report = Importer(path=path, user=account, file_name=name, progress=progress).check()
        self._print(report, "Проверка")
        if report.errors:
            raise CommandError(f"Ошибок: {len(report.errors)}. Ничего не записано.")
        if check:
            return
        try:
            report = Importer(path=path, user=account, file_name=name, progress=progress).apply()
        except ImportFailed as failed:
            self._print(failed.report, "Загрузка")
            raise CommandError(f"Ошибок: {len(failed.report.errors)}. Ничего не записано.") from None
        self._print(report, "Загрузка")
        self.stdout.write(self.style.SUCCESS(f"Записано за {time.monotonic() - started:.0f} с."))

    def _progress(self, done: int, total: int) -> None:
        if sys.stderr.isatty():
            self.stderr.write(f"\rОбработано строк: {done} из {total}", ending="")
            if done >= total:
                self.stderr.write("")

    def _print(self, report: Report, stage: str) -> None:
        self.stdout.write(f"{stage}:")
        for title, c in report.counts.items():
            self.stdout.write(
                f"  «{title}»: строк {c['rows']}, создать {c['create']}, "
                f"изменить {c['update']}, без изменений {c['unchanged']}"
            )
        for issue in report.errors:
            self.stdout.write(self.style.ERROR(f"Ошибка. {issue}"))
        for issue in report.warnings:
            self.stdout.write(self.style.WARNING(f"Предупреждение. {issue}"))
