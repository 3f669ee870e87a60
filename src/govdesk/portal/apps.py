from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "govdesk.portal"
    verbose_name = "门户网站"

    def ready(self):
        # The static copy's refresher (a change-log subscriber) and the worker's tasks.
        from govdesk.portal import subscribers, tasks  # noqa: F401
        from govdesk.portal.selectors import published_days
        from govdesk.scoring.ledger import register_portal

        # The scoring ledger's portal rule counts what the site published, without
        # importing us.
        register_portal(days=published_days)
