from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "govdesk.records"
    verbose_name = "往年台账导入导出"
