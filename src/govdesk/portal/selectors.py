"""Portal reads. Everything public starts from ``live_articles``, so a withdrawn or
unpublished article cannot reach a page, feed, search result, sitemap or the API."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.items.models import Item, PublicRelease
from govdesk.lib import clock, periods
from govdesk.portal.models import Article, ArticleState, PortalColumn
from govdesk.portal.services import PORTAL_STATES
from govdesk.units.models import Unit

# 范文8: 每月各乡镇政府、县政府各部门报送信息不得少于四条。
MONTHLY_QUOTA = 4
# A column is flagged this many days before its limit, so there is time to act.
STALE_WARNING_DAYS = 3


def live_articles(office: Unit | None = None) -> QuerySet:
    qs = Article.objects.filter(state=ArticleState.PUBLISHED).select_related(
        "column", "source_unit"
    )
    return qs.filter(office=office) if office is not None else qs


def published_days(*, office_id: int, unit_ids, year: int) -> dict[int, list[date]]:
    """Per unit, the days (local) the office's site published its items in ``year``,
    live articles only: what the scoring ledger's portal rule counts."""
    days = defaultdict(list)
    start, end = clock.midnight(date(year, 1, 1)), clock.midnight(date(year + 1, 1, 1))
    rows = live_articles().filter(
        office_id=office_id,
        item__isnull=False,
        source_unit_id__in=list(unit_ids),
        published_at__gte=start,
        published_at__lt=end,
    )
    for unit_id, moment in rows.values_list("source_unit_id", "published_at"):
        days[unit_id].append(timezone.localdate(moment))
    return dict(days)


def site_office() -> Unit | None:
    """The office whose portal this deployment serves: the highest office with columns."""
    office_ids = PortalColumn.objects.filter(is_active=True).values("office_id")
    return Unit.objects.filter(pk__in=office_ids).order_by("depth", "path").first()


def desk_office(user) -> Unit | None:
    """The office whose portal desk the user works at (网站编辑 or 主编; the site's
    office for a superuser), checked against the policy; None when there is none."""
    ids = policy.roles(user).units_with({Role.PORTAL_EDITOR, Role.CHIEF})
    office = Unit.objects.filter(pk__in=ids, kind="office").order_by("depth").first()
    if office is None and user.is_superuser:
        office = site_office()
    if office is None:
        return None
    policy.require(user, "portal.view", office)
    return office


def desk_queue(office: Unit) -> QuerySet:
    """主动公开 items that reached the office, or that their units sent to the portal
    alone (``sent_alone`` set), and are not on the site yet; newest first."""
    arrived = Q(state__in=PORTAL_STATES) | Q(portal_submission__isnull=False)
    return (
        Item.objects.filter(arrived, office=office, public_release=PublicRelease.ACTIVE)
        .filter(portal_article__isnull=True)
        .select_related("unit", "portal_submission")
        .annotate(
            sent_alone=F("portal_submission__sent_at"),
            arrived_at=Coalesce("last_submitted_at", "portal_submission__sent_at"),
        )
        .order_by("-arrived_at", "-pk")
    )


def site_search(office: Unit, query: str) -> QuerySet:
    """Title or text contains the words (each, in any order) of the query."""
    qs = live_articles(office)
    for word in query.split()[:5]:
        qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return qs


@dataclass(frozen=True)
class QuotaRow:
    unit: Unit
    sent: int
    published: int

    @property
    def short(self) -> int:
        return max(0, MONTHLY_QUOTA - self.sent)


def _month_bounds(month: date) -> tuple[datetime, datetime]:
    whole = periods.month(month.year, month.month)
    return clock.midnight(whole.start), clock.midnight(whole.end + timedelta(days=1))


def quota_table(office: Unit, month: date) -> list[QuotaRow]:
    """Per reporting unit: 主动公开 items sent to the office in the month (submitted, or
    sent to the portal alone), and how many of them the site published, against the
    monthly quota."""
    start, end = _month_bounds(month)
    submitted = Q(submitted_at__gte=start, submitted_at__lt=end)
    alone = Q(portal_submission__sent_at__gte=start, portal_submission__sent_at__lt=end)
    sent = dict(
        Item.objects.filter(submitted | alone, office=office, public_release=PublicRelease.ACTIVE)
        .values_list("unit_id")
        .annotate(n=Count("id", distinct=True))
    )
    published = dict(
        Article.objects.filter(
            office=office,
            state=ArticleState.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .values_list("source_unit_id")
        .annotate(n=Count("id"))
    )
    units = Unit.objects.get_children(office).filter(is_active=True)
    return [QuotaRow(u, sent.get(u.pk, 0), published.get(u.pk, 0)) for u in units]


@dataclass(frozen=True)
class Freshness:
    column: PortalColumn
    last: datetime | None
    due: datetime | None

    @property
    def stale(self) -> bool:
        return self.due is None or self.due <= clock.now()

    @property
    def warn(self) -> bool:
        return self.stale or self.due - clock.now() <= timedelta(days=STALE_WARNING_DAYS)


def column_freshness(office: Unit) -> list[Freshness]:
    columns = PortalColumn.objects.filter(office=office, is_active=True).annotate(
        last=Max("articles__published_at", filter=Q(articles__state=ArticleState.PUBLISHED))
    )
    return [
        Freshness(c, c.last, c.last + timedelta(days=c.freshness_days) if c.last else None)
        for c in columns
    ]
