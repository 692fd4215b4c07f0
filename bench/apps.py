from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development-only tools: the load-test data set (``manage.py generate_load``) and the
    benchmark's floor view. Installed only with ``DJANGO_BENCH=1`` (``bench/run.py`` sets it);
    production settings never install it and ``check --deploy`` warns when they do."""

    name = "bench"
    verbose_name = "Нагрузочные испытания (только для разработки)"
