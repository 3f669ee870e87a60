from django.apps import AppConfig


class SolicitationsConfig(AppConfig):
    name = "govdesk.solicitations"
    verbose_name = "约稿与报送要点"
