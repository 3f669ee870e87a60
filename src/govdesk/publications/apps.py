from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "govdesk.publications"
    verbose_name = "刊物与采用"
