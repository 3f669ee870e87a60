"""Adopted items per period: an item counts once in any period that holds one of its
adoption lines, overall and per adopting level, without distinct counts."""

from datetime import date
from decimal import Decimal

from govdesk.lib import periods
from govdesk.scoring import engine, selectors
from govdesk.units.models import Level
from tests.fixtures.scoring import YEAR, at


def _line(on, adoption_id, level, *, item_id=1, unit_id=7, propagated_from_id=None):
    return engine.Line(
        scheme_id=1,
        unit_id=unit_id,
        rule_id=adoption_id,
        points=Decimal(5),
        on=on,
        cause="采用",
        level=level,
        item_id=item_id,
        adoption_id=adoption_id,
        propagated_from_id=propagated_from_id,
    )


def test_prior_adoption_dates_per_item_and_level():
    march, april, may = date(YEAR, 3, 12), date(YEAR, 4, 8), date(YEAR, 5, 6)
    lines = [
        _line(may, 30, Level.COUNTY),
        _line(march, 10, Level.COUNTY),
        _line(april, 20, Level.CITY),
        _line(april, 21, Level.CITY),  # the same day: ordered by adoption
        _line(march, 40, Level.COUNTY, item_id=2),  # another item starts its own dates
        _line(april, 50, Level.COUNTY, propagated_from_id=9),  # a point's copy: not counted
        engine.Line(1, 7, 99, Decimal(-10), march, "漏报", penalty_id=3),  # not an adoption
    ]
    dated = engine.with_prior_adoptions(lines)
    priors = [(line.prior_adoption_on, line.prior_level_adoption_on) for line in dated]
    assert priors == [
        (april, march),  # May's county line: last adoption in April, last county one in March
        (None, None),
        (march, None),
        (april, april),
        (None, None),
        (None, None),
        (None, None),
    ]


def test_an_item_counts_once_in_every_period_holding_one_of_its_adoptions(
    world, events, county_scheme, city_pubs
):
    # 范文2 三: 县府办每月通报各单位当月报送信息被采用的条目 — an item counts in each month
    # it was adopted in, once however many lines. 城关镇's item: county 《专报信息》 in
    # March, the city adopts the forwarded copy in April, the county's 《快讯》 adopts it
    # again in May.
    item = events.submitted(at(3), title="城关镇专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    copy = events.forward(item, on=at(3, 20))
    events.adopt(copy, city_pubs["信息快报"], on=at(4, 8))
    events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(5, 6))

    def figures(period):
        row = {r.unit: r for r in selectors.ranking(county_scheme, period).rows}[world.town_a]
        return row.adopted, row.adopted_by_level

    county, city = Level.COUNTY, Level.CITY
    assert figures(periods.month(YEAR, 3)) == (1, {county: 1})
    assert figures(periods.month(YEAR, 4)) == (1, {city: 1})
    assert figures(periods.month(YEAR, 5)) == (1, {county: 1})
    assert figures(periods.month(YEAR, 6)) == (0, {})
    assert figures(periods.quarter(YEAR, 2)) == (1, {county: 1, city: 1})
    assert figures(periods.whole_year(YEAR)) == (1, {county: 1, city: 1})
    # A window between two county adoptions holds only the city's.
    between = periods.from_query({"start": "2026-03-13", "end": "2026-05-05"}, YEAR, at(6).date())
    assert figures(between) == (1, {city: 1})


def _whole_month_periods():
    yield periods.whole_year(YEAR)
    for number in (1, 2):
        yield periods.half(YEAR, number)
    for number in range(1, 5):
        yield periods.quarter(YEAR, number)
    for number in range(1, 13):
        yield periods.month(YEAR, number)


def _figures(rows) -> dict:
    return {row.unit_id: row for row in rows if row != selectors._Sums(row.unit_id)}


def test_month_summaries_give_the_figures_the_lines_give(history, county_scheme, city_scheme):
    """The summaries are kept with the live events; every whole-month period reads the
    same figures from them as from the lines and items."""
    for scheme in (county_scheme, city_scheme):
        scheme.refresh_from_db()
        assert scheme.summarised
        for period in _whole_month_periods():
            from_months = _figures(selectors._month_figures(scheme, *period.month_span()))
            assert from_months == _figures(selectors._line_figures(scheme, period)), period
    year = _figures(selectors._month_figures(county_scheme, 1, 12)).values()
    assert sum(row.submitted for row in year) >= 2 and sum(row.adopted for row in year) >= 2
    assert any(row.by_level.get(Level.CITY) for row in year)
    assert any(row.annotations for row in year)
