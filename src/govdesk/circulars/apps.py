from django.apps import AppConfig


class CircularsConfig(AppConfig):
    name = "govdesk.circulars"
    verbose_name = "通报"

    def ready(self):
        from govdesk.circulars import subscribers  # noqa: F401  (registers them)
