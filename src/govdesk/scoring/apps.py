from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "govdesk.scoring"
    verbose_name = "计分考核"
