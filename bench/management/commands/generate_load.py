import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.loadgen import PASSWORD, SCALES, AlreadyGenerated, generate


class Command(BaseCommand):
    help = (
        "Создаёт нагрузочный набор данных: область (34 муниципальных образования Кузбасса, около 6 000 "
        "организаций, 60 000 проектов) или один округ. Только для нагрузочных испытаний, в отдельной базе данных."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="district", help="region — область, district — округ"
        )
        parser.add_argument("--seed", type=int, default=1, help="зерно генератора: одно зерно — одни и те же данные")

    def handle(self, *args, scale, seed, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Нагрузочные данные запрещены в этой среде. "
                "Разрешите их переменной окружения DJANGO_DEMO_DATA=1 (только не в рабочей среде)."
            )
        started = time.monotonic()
        try:
            counts = generate(scale, seed, log=lambda message: self.stdout.write(f"  {message}"))
        except AlreadyGenerated:
            raise CommandError("Нагрузочные данные в этой базе уже созданы. Создайте их в новой базе данных.") from None
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(summary)
        self.stdout.write(
            self.style.SUCCESS(
                f"Готово за {time.monotonic() - started:.0f} с. Учётные записи bench-economy, bench-director, "
                f"bench-staff (Ленинск-Кузнецкий МО), bench-region (региональный проектный офис); для области "
                f"ещё bench-far-economy и bench-far-staff (Кемеровский ГО) и bench-economy-<код> управления "
                f"каждого муниципального образования; пароль {PASSWORD}."
            )
        )
