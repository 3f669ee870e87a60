from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "govdesk.awards"
    verbose_name = "评先评优"
