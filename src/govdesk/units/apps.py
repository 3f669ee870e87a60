from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "govdesk.units"
    verbose_name = "单位"
