from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "govdesk.audit"
    verbose_name = "操作日志"
