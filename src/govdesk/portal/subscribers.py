"""After a change the public site shows, the worker refreshes the static copy."""

from django.conf import settings

from govdesk.audit.dispatch import subscribe
from govdesk.portal import tasks

# What changes the public pages: an article going up, coming down or corrected.
SITE_CHANGES = {"portal.published", "portal.withdrawn", "portal.corrected"}


@subscribe("portal.", after_commit=True)
def refresh_static_copy(change) -> None:
    if change.action in SITE_CHANGES and settings.GOVDESK_PORTAL_EXPORT_DIR:
        tasks.refresh_export()
