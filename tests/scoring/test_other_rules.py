"""Rules seen in other offices (DOMAIN.md §7 "Other rules seen", issue 3 part 1), as
scheme settings that both seed presets leave off: a weekly base point, the annual
score set to zero after missed solicitations, and count quotas shown as flags."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from govdesk.lib import clock, periods
from govdesk.scoring import selectors, whatif
from govdesk.scoring.models import LedgerLine, Rule, RuleKind
from govdesk.scoring.services import scheme_install_preset
from govdesk.solicitations import services as solicitations
from tests.fixtures.scoring import YEAR, at, total
from tests.scoring.test_ledger import snapshot

pytestmark = pytest.mark.django_db


def test_seed_presets_leave_these_rules_off(county_scheme, city_scheme):
    for scheme in (county_scheme, city_scheme):
        kinds = set(scheme.rules.values_list("kind", flat=True))
        assert not kinds & {RuleKind.WEEKLY, RuleKind.ZEROED}
        assert scheme.missed_solicitations_limit == 0
        assert not scheme.quota_items_per_officer and scheme.quota_adoption_rate is None


@pytest.fixture
def weekly(county_scheme):
    Rule.objects.create(
        scheme=county_scheme, kind=RuleKind.WEEKLY, points=1, label="每周报送基础分"
    )
    return county_scheme


def weekly_lines(unit):
    lines = LedgerLine.objects.filter(unit=unit, rule__kind=RuleKind.WEEKLY).order_by("on")
    return [(line.on, line.points) for line in lines]


def test_weekly_base_point_for_two_items_in_a_week(world, events, weekly):
    """≥2 items in a week (Monday to Sunday) score 1, once per week, dated the day the
    second arrived: 2 Mar (Mon) + 4 Mar (Wed) → 4 Mar; 8 Mar (Sun) adds nothing; 9 Mar
    (Mon) alone is a new week with one item; 10 Mar makes it two → 10 Mar."""
    for day in (2, 4, 8, 9):
        events.submitted(at(3, day), title=f"3月{day}日信息")
    events.submitted(at(3, 3), unit=world.town_b, by=world.b_officer, title="河口乡一条")
    assert weekly_lines(world.town_a) == [(date(YEAR, 3, 4), 1)]
    events.submitted(at(3, 10), title="3月10日信息")
    assert weekly_lines(world.town_a) == [(date(YEAR, 3, 4), 1), (date(YEAR, 3, 10), 1)]
    assert weekly_lines(world.town_b) == []
    assert total(world.town_a, weekly) == 2
    # Weekly points are yearly lines without an item, as quarter deductions are: not
    # taken for a missed quarter.
    march = {r.unit: r for r in selectors.ranking(weekly, periods.month(YEAR, 3)).rows}
    assert march[world.town_a].score == 2 and not march[world.town_a].quarter_missed
    live = snapshot()
    call_command("rebuild_ledger", office=world.county.name, year=YEAR)
    assert snapshot() == live


def test_weekly_threshold_is_a_setting(world, events, weekly):
    weekly.weekly_min_items = 3
    weekly.save()
    for day in (2, 4):
        events.submitted(at(3, day), title=f"3月{day}日信息")
    assert weekly_lines(world.town_a) == []
    events.submitted(at(3, 8), title="3月8日信息")
    assert weekly_lines(world.town_a) == [(date(YEAR, 3, 8), 1)]


def ask(world, *, due):
    with clock.frozen_at(at(due.month, 1)):
        return solicitations.solicitation_create(
            actor=world.county_editor,
            office=world.county,
            topic=f"{due.month}月约稿",
            requirements="",
            deadline=due,
            unit_ids=[world.town_a.pk],
        )


def answer(world, asked, *, on):
    with clock.frozen_at(on):
        item = world.submitted(title="约稿回应")
        solicitations.solicitation_answer(
            actor=world.a_officer, solicitation_id=asked.pk, item_id=item.pk
        )


@pytest.fixture
def zeroing(county_scheme):
    county_scheme.missed_solicitations_limit = 2
    county_scheme.save()
    Rule.objects.create(
        scheme=county_scheme, kind=RuleKind.ZEROED, points=0, label="两次未完成约稿全年清零"
    )
    return county_scheme


def test_two_missed_solicitations_zero_the_year(world, events, zeroing):
    """Missed: 10 Apr (never answered) and 10 Jun (answered on 15 Jun, late); 10 Aug
    answered in time. 城关镇 scored 7 (Mar) + 7 (May): on 10 Jun a line of −14; its
    July 3 is cancelled at the end of July (−3). Every period from June adds to 0."""
    first = events.submitted(at(3, 2), title="专题一")
    events.adopt(first, world.zhuanbao, kind="special", on=at(3, 12))
    second = events.submitted(at(5, 2), title="专题二")
    events.adopt(second, world.zhuanbao, kind="special", on=at(5, 12))
    ask(world, due=at(4, 10))
    late = ask(world, due=at(6, 10))
    answer(world, late, on=at(6, 15))
    kept = ask(world, due=at(8, 10))
    answer(world, kept, on=at(8, 5))
    july = events.submitted(at(7, 2), title="七月综合")
    events.adopt(july, world.zhuanbao, kind="comprehensive", on=at(7, 12))  # live, as of 12 Jul
    zero = LedgerLine.objects.filter(unit=world.town_a, rule__kind=RuleKind.ZEROED)
    assert sorted((z.on, z.points) for z in zero) == [
        (date(YEAR, 6, 10), Decimal(-14)),
        (date(YEAR, 7, 31), Decimal(-3)),
    ]
    assert total(world.town_a, zeroing) == 0
    may = {r.unit: r for r in selectors.ranking(zeroing, periods.month(YEAR, 5)).rows}
    july = {r.unit: r for r in selectors.ranking(zeroing, periods.month(YEAR, 7)).rows}
    assert may[world.town_a].cumulative == 14  # before the second miss
    assert (july[world.town_a].score, july[world.town_a].cumulative) == (0, 0)
    with clock.frozen_at(at(12, 31)):
        live = snapshot()
        call_command("rebuild_ledger", office=world.county.name, year=YEAR)
    assert snapshot() == live


def test_one_miss_zeroes_nothing(world, events, zeroing):
    item = events.submitted(at(3, 2), title="专题一")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    ask(world, due=at(4, 10))
    with clock.frozen_at(at(12, 31)):
        call_command("rebuild_ledger", office=world.county.name, year=YEAR)
    assert total(world.town_a, zeroing) == 7


def test_count_quotas_are_flags_without_points(world, events, county_scheme, login):
    """Quotas: 2 items per officer a year, adoption rate ≥ 50%, 1 主动公开 item a month.
    March: 城关镇 (one officer) sent 2, one adopted (50%), one 主动公开 → all met;
    河口乡 sent 1, none adopted, none public → none met. The first quarter: January
    had no public item → the monthly quota is not met."""
    county_scheme.quota_items_per_officer = 2
    county_scheme.quota_adoption_rate = Decimal(50)
    county_scheme.quota_portal_per_month = 1
    county_scheme.save()
    adopted = events.submitted(at(3, 2), title="城关镇一")
    events.adopt(adopted, world.zhuanbao, kind="special", on=at(3, 12))
    events.submitted(at(3, 3), title="城关镇公开", public_release="active")
    events.submitted(at(3, 4), unit=world.town_b, by=world.b_officer, title="河口乡一")
    march = {r.unit: r for r in selectors.ranking(county_scheme, periods.month(YEAR, 3)).rows}
    town_a, town_b = march[world.town_a], march[world.town_b]
    assert (town_a.officer_quota_met, town_a.rate_floor_met, town_a.portal_quota_met) == (
        True,
        True,
        True,
    )
    assert town_b.quota_misses == ["人均报送未达标", "采用率未达标", "主动公开未达标"]
    assert total(world.town_b, county_scheme) == 0  # flags only
    q1 = {r.unit: r for r in selectors.ranking(county_scheme, periods.quarter(YEAR, 1)).rows}
    assert q1[world.town_a].portal_quota_met is False
    page = login(world.county_editor).get(f"/scoring/{county_scheme.pk}/ranking/?month=3")
    assert "采用率未达标" in page.content.decode()


def test_what_if_prices_a_drafts_weekly_rule(world, events, county_scheme):
    """A draft adding a weekly base point of 2: 城关镇's two items in the week of 2 March
    score 0 under the scheme in force and 2 under the draft."""
    draft = scheme_install_preset(actor=None, office=world.county, year=YEAR + 1, preset="county")
    Rule.objects.create(scheme=draft, kind=RuleKind.WEEKLY, points=2, label="每周报送基础分")
    for day in (2, 4):
        events.submitted(at(3, day), title=f"3月{day}日信息")
    rows = {r.unit_name: r for r in whatif.compare(county_scheme, draft, periods.month(YEAR, 3))}
    assert (rows["城关镇"].score, rows["城关镇"].draft_score) == (0, 2)
