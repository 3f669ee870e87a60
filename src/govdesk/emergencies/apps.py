from django.apps import AppConfig


class EmergenciesConfig(AppConfig):
    name = "govdesk.emergencies"
    verbose_name = "紧急信息与值班"

    def ready(self):
        # Subscribers to the change log and the worker's tasks register on import.
        from govdesk.emergencies import subscribers, tasks  # noqa: F401
