"""The benchmark harness and the programme-scale dataset generator."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracekei.bench"
    label = "bench"
    verbose_name = "Benchmark"
