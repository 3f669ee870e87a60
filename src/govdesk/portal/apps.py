from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "govdesk.portal"
    verbose_name = "门户网站"
