"""After a change the public site shows, the worker refreshes the static copy; after
an article goes up or comes down, the scoring ledger recounts its unit's portal
quota (the scheme's 门户网站月度达标分 rule, if it has one)."""

from django.conf import settings
from django.utils import timezone

from govdesk.audit.dispatch import subscribe
from govdesk.portal import tasks
from govdesk.portal.models import Article
from govdesk.scoring import ledger

# What changes the public pages: an article going up, coming down or corrected.
SITE_CHANGES = {"portal.published", "portal.withdrawn", "portal.corrected"}


@subscribe("portal.", after_commit=True)
def refresh_static_copy(change) -> None:
    if change.action in SITE_CHANGES and settings.GOVDESK_PORTAL_EXPORT_DIR:
        tasks.refresh_export()


@subscribe("portal.published")
@subscribe("portal.withdrawn")
def rescore_portal_quota(change) -> None:
    """Inside the writing transaction, like the ledger's other subscribers, so a score
    never disagrees with what the site shows."""
    article = Article.objects.filter(pk=change.target_id, item__isnull=False).first()
    if article is None or article.published_at is None:
        return
    year = timezone.localtime(article.published_at).year
    scheme = ledger.Schemes()(article.office_id, year)
    if scheme is not None:
        ledger.refresh_unit_totals({(scheme.id, article.source_unit_id)})
