from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "govdesk.quality"
    verbose_name = "报送质量检查"

    def ready(self):
        # Classification words refuse a submission; items runs the check without
        # importing quality (it sits below it).
        from govdesk.items.services import register_submission_check
        from govdesk.quality.checks import blocking_problems

        register_submission_check(blocking_problems)
