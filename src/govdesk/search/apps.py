from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "govdesk.search"
    verbose_name = "检索与查重"

    def ready(self):
        # The index followers (change-log subscribers) and the worker's tasks register on import.
        from govdesk.search import subscribers, tasks  # noqa: F401
