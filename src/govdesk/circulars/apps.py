from django.apps import AppConfig


class CircularsConfig(AppConfig):
    name = "govdesk.circulars"
    verbose_name = "通报"

    def ready(self):
        from govdesk.circulars import subscribers  # noqa: F401  (registers them)
        from govdesk.circulars.selectors import issued_monthly, notice_issuing
        from govdesk.circulars.services import suggest_number
        from govdesk.portal.services import register_notices
        from govdesk.scoring.notices import register_issuing

        # The scoring notice page offers issuing it as a circular without importing us.
        register_issuing(page=notice_issuing, doc_number=suggest_number)
        # The portal desk publishes issued monthly notices' figures without importing us.
        register_notices(issued=issued_monthly)
