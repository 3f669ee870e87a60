from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "govdesk.api"
    verbose_name = "接口"

    def ready(self):
        from govdesk.api import checks  # noqa: F401  (registers the system check)
