from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    name = "govdesk.annotations"
    verbose_name = "领导批示"
