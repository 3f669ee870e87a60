from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "govdesk.demo"
    verbose_name = "演示数据"
