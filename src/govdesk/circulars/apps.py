from django.apps import AppConfig


class CircularsConfig(AppConfig):
    name = "govdesk.circulars"
    verbose_name = "通报"
