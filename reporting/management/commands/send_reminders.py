import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.deadlines import today
from reporting.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Рассылает напоминания о сроках квартальных отчётов, самооценки и этапов проектов "
        "(за несколько дней до срока и ежедневно после него). Запускать раз в день (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Дата рассылки ГГГГ-ММ-ДД (по умолчанию сегодня).")

    def handle(self, *args, **options):
        day = today()
        if options.get("date"):
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Дата должна быть в формате ГГГГ-ММ-ДД.") from None
        outcome = send_reminders(day)
        self.stdout.write(
            f"Отправлено писем: {outcome.emails}, напоминаний: {outcome.items}; "
            f"организаций без адресов: {outcome.without_address}."
        )
