import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.services import send_weekly_digest
from reporting.deadlines import today


class Command(BaseCommand):
    help = (
        "Рассылает каждой организации еженедельную сводку просроченных и приближающихся сроков "
        "(в разделе «Уведомления» и по e-mail). Не более одной сводки на организацию за ISO-неделю: "
        "повторный запуск на той же неделе ничего не отправляет. Запускать раз в неделю (cron)."
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
        outcome = send_weekly_digest(day)
        year, week, _ = day.isocalendar()
        self.stdout.write(
            f"Неделя {week} ({year}): сводок организациям — {outcome.organisations}, уведомлений — "
            f"{outcome.notifications}, писем — {outcome.emails}; уже отправлены на этой неделе — {outcome.skipped}."
        )
