from django.apps import AppConfig


class ItemsConfig(AppConfig):
    name = "govdesk.items"
    verbose_name = "信息报送"
