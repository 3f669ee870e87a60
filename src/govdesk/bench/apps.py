from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "govdesk.bench"
    verbose_name = "性能基准"
