from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "govdesk.web"
    verbose_name = "界面"
