"""The portal's monthly quota (seed 001 范文8: 每月不少于四条) in the scoring ledger: an
office's choice, not the seed's (the seed gives no points figure). Without the
scheme's 门户网站月度达标分 rule the quota is only flagged; with it, a month in which the
site published ``quota_portal_per_month`` of a unit's items scores the rule's points,
dated the day the count was reached. Withdrawal takes the article out of the count."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from govdesk.lib import clock
from govdesk.portal import services
from govdesk.scoring.models import LedgerLine, Rule, RuleKind
from tests.fixtures.scoring import YEAR, at, total
from tests.scoring.test_ledger import snapshot

pytestmark = pytest.mark.django_db


def _publish(world, portal, on, unit=None):
    """A 主动公开 item of ``unit`` (城关镇 by default) sent and published on ``on``."""
    unit = unit or world.town_a
    with clock.frozen_at(on):
        if unit == world.town_a:
            item = world.submitted(public_release="active", title=f"城关镇{on:%m%d%H}")
        else:
            item = world.submitted(
                unit=unit, by=world.b_officer, public_release="active", title=f"河口乡{on:%m%d}"
            )
        article = services.article_prepare(
            actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
        )
        services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
        return services.article_publish(actor=world.county_web, article_id=article.pk)


def _portal_lines(unit):
    lines = LedgerLine.objects.filter(unit=unit, rule__kind=RuleKind.PORTAL).order_by("on")
    return [(line.on, line.points, line.cause) for line in lines]


@pytest.fixture
def quota(county_scheme):
    county_scheme.quota_portal_per_month = 4
    county_scheme.save()
    return county_scheme


def test_without_the_rule_the_quota_is_only_flagged(world, portal, quota):
    for day in (2, 3, 4, 5):
        _publish(world, portal, at(3, day))
    assert _portal_lines(world.town_a) == []
    assert total(world.town_a, quota) == 0


def test_the_rule_scores_each_month_the_quota_is_met(world, portal, quota):
    """Rule 2 points, quota 4. 城关镇: March 5, 9, 12 → three, nothing; March 20 the
    fourth → 2 points dated 20 March. One withdrawn → three, the line goes; March 25
    → four again, dated 25 March. April 1, 2, 3, 6 → 2 points dated 6 April. Total
    2 + 2 = 4. 河口乡: one in February, three in March → never four in a month: 0."""
    Rule.objects.create(scheme=quota, kind=RuleKind.PORTAL, points=2, label="门户网站月度达标")
    march = [_publish(world, portal, at(3, day)) for day in (5, 9, 12)]
    assert _portal_lines(world.town_a) == []
    _publish(world, portal, at(3, 20))
    assert _portal_lines(world.town_a) == [
        (date(YEAR, 3, 20), Decimal(2), "3月门户网站发布4条（不少于4条）")
    ]
    with clock.frozen_at(at(3, 22)):
        services.article_withdraw(actor=world.county_web, article_id=march[0].pk, reason="重复")
    assert _portal_lines(world.town_a) == []
    _publish(world, portal, at(3, 25))
    for day in (1, 2, 3, 6):
        _publish(world, portal, at(4, day))
    assert _portal_lines(world.town_a) == [
        (date(YEAR, 3, 25), Decimal(2), "3月门户网站发布4条（不少于4条）"),
        (date(YEAR, 4, 6), Decimal(2), "4月门户网站发布4条（不少于4条）"),
    ]
    assert total(world.town_a, quota) == 4
    _publish(world, portal, at(2, 27), unit=world.town_b)
    for day in (2, 3, 4):
        _publish(world, portal, at(3, day), unit=world.town_b)
    assert _portal_lines(world.town_b) == []
    # A rebuild of the year gives the same ledger.
    live = snapshot()
    call_command("rebuild_ledger", office=world.county.name, year=YEAR)
    assert snapshot() == live
