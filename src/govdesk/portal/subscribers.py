"""After a change the public site shows, the worker refreshes the static copy; after
an article goes up or comes down, the scoring ledger recounts its unit's portal
quota (the scheme's 门户网站月度达标分 rule, if it has one); a monthly notice withdrawn
in circulars takes its article off the site."""

from django.conf import settings
from django.utils import timezone

from govdesk.audit.dispatch import subscribe
from govdesk.portal import services, tasks
from govdesk.portal.models import Article, ArticleState
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


@subscribe("circular.withdraw")
def withdraw_notice_article(change) -> None:
    """The figures of a withdrawn notice are no longer the office's word: its published
    article is withdrawn (撤稿) by the system in the same transaction, through the desk's
    own service. A draft or scheduled one stays, refused by ``release_problems``; a
    reissued notice is a new one the desk may take again, never republished on its own."""
    article = Article.objects.filter(
        source_notice_id=change.target_id, state=ArticleState.PUBLISHED
    ).first()
    if article is None:
        return
    reason = f"来源通报{article.source_notice.doc_number}已撤回：{change.details['reason']}"
    services.article_withdraw(actor=None, article_id=article.pk, reason=reason)
