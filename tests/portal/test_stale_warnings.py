"""Stale-column warnings reach the 网站编辑 and the 主编 through the outbound pipeline,
in their inbox, once per column per staleness period."""

from datetime import timedelta

from django.utils import timezone

from govdesk.lib import clock
from govdesk.notifications.models import Delivery, Kind
from govdesk.portal.models import PortalColumn
from govdesk.portal.reminders import stale_columns_warn
from tests.portal.test_desk import _published


def _inbox(user) -> list[str]:
    return list(
        Delivery.objects.filter(user=user, channel="inapp", message__kind=Kind.PORTAL_STALE)
        .order_by("message__subject")
        .values_list("message__text", flat=True)
    )


def test_warned_once_per_column_per_staleness_period(world, portal, login):
    # Only one column besides 乡镇动态 stays on, so the counts are easy to follow.
    PortalColumn.objects.exclude(slug__in=["xzdt", "tzgg"]).update(is_active=False)
    start = clock.now() - timedelta(days=40)
    with clock.frozen_at(start):
        _published(world, portal, column="tzgg")  # a notice column: 180 days, not near
        _published(world, portal)
    # Day 10 after publishing: four days before the 14-day limit, nothing yet.
    with clock.frozen_at(start + timedelta(days=10)):
        assert stale_columns_warn() == 0
    # Day 11: three days before it, the editor and the chief hear of it (2 people).
    with clock.frozen_at(start + timedelta(days=11)):
        assert stale_columns_warn() == 2
    due = timezone.localdate(start + timedelta(days=14))
    text = (
        f"网站栏目“乡镇动态”最近一次更新在 {timezone.localdate(start):%Y年%-m月%-d日}，"
        f"将于 {due:%Y年%-m月%-d日}超过更新时限（14 天），请尽快更新。"
    )
    assert _inbox(world.county_web) == [text]
    assert _inbox(world.county_chief) == [text]
    # Nobody else at the office, nor the city's portal editor.
    assert _inbox(world.county_editor) == []
    assert _inbox(world.city_web) == []
    # The days after, and past the limit: not again.
    for day in (12, 13, 15, 30):
        with clock.frozen_at(start + timedelta(days=day)):
            assert stale_columns_warn() == 0
    assert len(_inbox(world.county_chief)) == 1
    # A new article starts a new period: warned again three days before its limit.
    with clock.frozen_at(start + timedelta(days=31)):
        _published(world, portal, title="城关镇开展秋季防火巡查")
    with clock.frozen_at(start + timedelta(days=42)):
        assert stale_columns_warn() == 2
    assert len(_inbox(world.county_web)) == 2
    # The inbox page shows it.
    page = login(world.county_chief).get("/notifications/").content.decode()
    assert "网站栏目临近更新时限：乡镇动态" in page


def test_a_column_without_articles_is_warned_once(world, portal):
    PortalColumn.objects.exclude(slug="spxx").update(is_active=False)
    assert stale_columns_warn() == 2
    assert _inbox(world.county_web) == [
        "网站栏目“视频信息”尚无文章，请尽快更新（更新时限 14 天）。"
    ]
    with clock.frozen_at(clock.now() + timedelta(days=1)):
        assert stale_columns_warn() == 0


def test_a_column_already_past_its_limit(world, portal):
    PortalColumn.objects.exclude(slug="xzdt").update(is_active=False)
    start = clock.now() - timedelta(days=30)
    with clock.frozen_at(start):
        _published(world, portal)
    assert stale_columns_warn() == 2
    due = timezone.localdate(start + timedelta(days=14))
    assert _inbox(world.county_chief) == [
        f"网站栏目“乡镇动态”最近一次更新在 {timezone.localdate(start):%Y年%-m月%-d日}，"
        f"已于 {due:%Y年%-m月%-d日}超过更新时限（14 天），请尽快更新。"
    ]
