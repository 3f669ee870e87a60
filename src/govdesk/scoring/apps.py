from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "govdesk.scoring"
    verbose_name = "计分考核"

    def ready(self):
        from govdesk.scoring import subscribers  # noqa: F401  (registers the ledger's subscribers)
