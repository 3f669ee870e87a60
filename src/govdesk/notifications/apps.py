from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "govdesk.notifications"
    verbose_name = "消息通知"

    def ready(self):
        from govdesk.notifications import subscribers  # noqa: F401  (registers them)
