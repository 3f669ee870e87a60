from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "govdesk.search"
    verbose_name = "检索与查重"

    def ready(self):
        from govdesk.search import subscribers  # noqa: F401  (registers the index followers)
