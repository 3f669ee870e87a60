from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "govdesk.quality"
    verbose_name = "报送质量检查"
