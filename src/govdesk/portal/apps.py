from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "govdesk.portal"
    verbose_name = "门户网站"

    def ready(self):
        # The static copy's refresher (a change-log subscriber) and the worker's tasks.
        from govdesk.portal import subscribers, tasks  # noqa: F401
