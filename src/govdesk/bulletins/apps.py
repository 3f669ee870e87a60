from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """Issues (期) of the publications: numbering, entries, signing, release, read
    receipts and the issue document. The catalogue itself is ``publications``."""

    name = "govdesk.bulletins"
    verbose_name = "刊物期次"
