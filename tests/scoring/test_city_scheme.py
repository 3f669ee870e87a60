"""The city scheme of 政务信息通报范文6 (seeds/001_…txt): 就高不就低, bonuses on top,
solicited items, leader annotations at three levels, direct-report propagation,
targets. The county office is the city's assessed unit: its forwarded copies score
for it (and, under the county scheme, for the township that wrote them)."""

from decimal import Decimal

import pytest

from govdesk.scoring import engine, ledger
from govdesk.scoring.models import LedgerLine
from govdesk.units.models import Level
from tests.fixtures.scoring import at, points, total

pytestmark = pytest.mark.django_db


@pytest.fixture
def copy(world, events, county_scheme):
    """A township item the county adopted and forwarded to the city (both schemes live)."""
    item = events.submitted(at(3, 2), title="城关镇探索“村民说事”")
    events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind="comprehensive", on=at(3, 3))
    return events.forward(item, on=at(3, 4))


def test_highest_only_tops_up_and_never_double_counts(world, events, city_scheme, city_pubs, copy):
    # 范文6 二(七): 同条上报信息被多级多种刊物采用，以分值高的计分，不重复计算
    events.adopt(copy, city_pubs["情况"], on=at(3, 20))  # 二(一): 《情况》5分
    events.adopt(copy, city_pubs["信息快报"], on=at(4, 5))  # 二(一): 《信息快报》10分
    # 二(二): 省《专报信息》30分，其中调研类信息一条另加20分
    events.adopt_external(copy, Level.PROVINCE, "专报信息", kind="research", on=at(5, 10))
    events.adopt(copy, city_pubs["信息摘报"], on=at(5, 20))  # lower than what is counted
    lines = LedgerLine.objects.filter(unit=world.county, scheme=city_scheme).order_by("on")
    assert [(line.month, line.points) for line in lines] == [
        (3, Decimal(5)),
        (4, Decimal(5)),  # 10 - 5 already counted
        (5, Decimal(40)),  # 30 + 20 - 10
        (5, Decimal(0)),  # 5 < 50: shown, not counted
    ]
    assert total(world.county, city_scheme) == 50


def test_same_events_are_cumulative_under_the_county_scheme(
    world, events, county_scheme, city_scheme, city_pubs, copy
):
    # 范文2 二(二)7: 分别计分，累计算分 — the township keeps every city adoption
    events.adopt(copy, city_pubs["情况"], on=at(3, 20))
    events.adopt(copy, city_pubs["信息快报"], on=at(4, 5))
    # 3 (《快讯》综合) + 1 (转报) + 5 + 5 (市府办公厅采用·工作动态, twice)
    assert total(world.town_a, county_scheme) == 14


def test_research_item_gets_20_on_top_of_the_city_bulletin(
    events, world, city_scheme, city_pubs, copy
):
    # 范文6 二(一): 《情况》采用一条计5分，其中调研类信息一条另加20分
    events.adopt(copy, city_pubs["情况"], kind="research", on=at(3, 20))
    assert total(world.county, city_scheme) == 25


def test_solicited_bonus_on_top_of_highest(events, world, city_scheme, city_pubs, copy):
    # 范文6 二(五): 约稿信息被市政府办公室采用的每条另加5分
    events.adopt(copy, city_pubs["信息快报"], kind="solicited", on=at(3, 20))
    assert points(world.county, city_scheme) == [
        (Decimal(10), "市政府办公室《信息快报》采用"),
        (Decimal(5), "约稿信息被市政府办公室采用"),
    ]


def test_leader_annotations_at_each_level(events, world, city_scheme, city_pubs, copy):
    # 范文6 二(四): 市政府领导批示另加20分，省政府领导40分，国务院领导80分
    events.adopt(copy, city_pubs["情况"], on=at(3, 20))
    events.annotate(copy, Level.CITY, on=at(3, 21))
    events.annotate(copy, Level.PROVINCE, on=at(4, 2))
    events.annotate(copy, Level.NATIONAL, on=at(4, 9))
    # 5 (《情况》) + 20 + 40 + 80: bonuses are added on top of the highest adoption
    assert total(world.county, city_scheme) == 145


def test_direct_report_points_credit_county_and_counterpart(
    world, events, city_scheme, city_pubs, point
):
    # 范文6 二(六): 基层信息直报点得分按月计入其所在县(市、区)政府办公室和对口上级部门得分
    item = events.submitted(
        at(6), unit=point, by=world.p_officer, signer=world.p_reviewer, title="直报点信息"
    )
    events.adopt(item, city_pubs["信息快报"], on=at(6, 12))
    assert total(point, city_scheme) == 10
    assert total(world.county, city_scheme) == 10
    assert total(world.city_dept, city_scheme) == 10
    propagated = LedgerLine.objects.get(unit=world.city_dept)
    assert propagated.propagated_from == point
    assert (propagated.year, propagated.month) == (2026, 6)


def test_propagation_off_keeps_points_with_the_point(world, events, city_scheme, city_pubs, point):
    city_scheme.propagate_direct_reports = False
    city_scheme.save()
    item = events.submitted(
        at(6), unit=point, by=world.p_officer, signer=world.p_reviewer, title="直报点信息"
    )
    events.adopt(item, city_pubs["信息快报"], on=at(6, 12))
    assert total(world.county, city_scheme) == 0


@pytest.mark.parametrize(
    ("level", "name", "kind", "expected"),
    [
        # 范文6 二(一)
        (Level.CITY, "情况", "general", 5),
        (Level.CITY, "信息参考", "research", 25),
        (Level.CITY, "信息快报", "research", 30),
        (Level.CITY, "信息摘报", "general", 5),
        # 范文6 二(二)
        (Level.PROVINCE, "信息简报", "general", 10),
        (Level.PROVINCE, "共享信息", "general", 6),
        (Level.PROVINCE, "专报信息", "general", 30),
        (Level.PROVINCE, "专报信息", "research", 50),
        (Level.PROVINCE, "领导批示与反馈", "general", 10),
        (Level.PROVINCE, "信息摘报", "general", 10),
        # 范文6 二(三)
        (Level.NATIONAL, "国办要情", "general", 40),
        (Level.NATIONAL, "国办综合", "general", 40),
        (Level.NATIONAL, "国办送阅", "general", 40),
        (Level.NATIONAL, "专报信息", "general", 80),
        (Level.NATIONAL, "信息参考", "general", 120),
        (Level.NATIONAL, "政务情况交流", "general", 200),
        # 范文6 二(五): 约稿 bonus by adopting level on top
        (Level.PROVINCE, "信息简报", "solicited", 20),
        (Level.NATIONAL, "国办要情", "solicited", 55),
    ],
)
def test_every_city_price(city_scheme, level, name, kind, expected):
    scheme = ledger.scheme_data(city_scheme)
    items = [engine.ChainItem(1, 7, city_scheme.office_id)]
    adoption = engine.AdoptionFact(1, 1, at(3).date(), level, name, "", kind)
    lines = engine.chain_lines(items, [adoption], [], [], lambda office, year: scheme)
    assert sum(line.points for line in lines) == expected


def test_targets_by_kind_and_category(world, city_scheme, point):
    # 范文6 三: 县(市、区) A类700、B类500；市直单位 A200/B100/C60；直报点50
    from govdesk.units.services import unit_category_set

    unit_category_set(actor=None, unit=world.county, year=2026, category="B")
    unit_category_set(actor=None, unit=world.city_dept, year=2026, category="C")
    targets = ledger.annual_targets(city_scheme, [world.county.pk, world.city_dept.pk, point.pk])
    assert targets == {world.county.pk: 500, world.city_dept.pk: 60, point.pk: 50}


def test_every_city_rule_and_target_cites_its_seed(city_scheme):
    assert city_scheme.combination == "highest" and city_scheme.propagate_direct_reports
    assert city_scheme.rules.count() == 25 and city_scheme.targets.count() == 8
    assert all("范文6" in r.source for r in city_scheme.rules.all())
    assert all("范文6" in t.source for t in city_scheme.targets.all())
