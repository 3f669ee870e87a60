from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govdesk.api"
    verbose_name = "接口"
