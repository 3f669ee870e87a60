"""The county scheme of 政务信息通报范文2 (seeds/001_…txt), rule by rule, through the
real services: events go into the change log and the ledger follows."""

from decimal import Decimal

import pytest

from govdesk.publications.models import Column
from govdesk.scoring.models import Rule, RuleKind
from govdesk.scoring.services import penalty_record, penalty_withdraw
from govdesk.units.models import Level
from tests.fixtures.scoring import at, points, total

pytestmark = pytest.mark.django_db


def test_kuaixun_work_column_prices_comprehensive_brief_and_solicited(world, events, county_scheme):
    # 范文2 二(二)1: "工作简况"栏目采用综合信息1条计3分，采用简要信息1条计1分；
    # 以上栏目采用约稿信息1条，计3分
    for kind in ("comprehensive", "brief", "solicited"):
        item = events.submitted(at(3), title=f"城关镇{kind}信息")
        events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind=kind, on=at(3, 12))
    assert points(world.town_a, county_scheme) == [
        (Decimal(3), "《快讯》工作简况·综合信息"),
        (Decimal(1), "《快讯》工作简况·简要信息"),
        (Decimal(3), "《快讯》工作简况·约稿信息"),
    ]


def test_an_answer_to_a_solicitation_scores_as_yuegao_whatever_kind_is_clicked(
    world, events, county_scheme
):
    """范文2 二(二)1: "以上栏目采用约稿信息1条，计3分" prices the 约稿 item, not the button:
    an answer adopted in 工作简况 as 简要信息 (1 point when unsolicited) scores 3. In
    《专报信息》, which has no 约稿 price, the picked 综合性信息 keeps its 3 (二(二)2), and
    the scheme has no separate 约稿 bonus. 3 + 3 = 6."""
    answers = []
    for title in ("城关镇春耕简况", "城关镇春耕综合"):
        item = events.submitted(at(3, 2), title=title)
        events.answered(item, asked_on=at(3, 1), answered_on=at(3, 3))
        answers.append(item)
    events.adopt(answers[0], world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(3, 12))
    events.adopt(answers[1], world.zhuanbao, kind="comprehensive", on=at(3, 12))
    assert points(world.town_a, county_scheme) == [
        (Decimal(3), "《快讯》工作简况·约稿信息"),
        (Decimal(3), "《专报信息》综合性信息"),
    ]


@pytest.mark.parametrize(
    ("column", "kind", "expected"),
    [
        ("重要会议", "general", 3),  # "重要会议"栏目采用信息1条计3分
        ("情况通报", "comprehensive", 3),  # "情况通报"栏目采用综合信息1条计3分
        ("情况通报", "brief", 1),  # 采用简要信息1条计1分
        ("上情动态", "general", 3),  # "上情动态"栏目采用信息1条计3分
        ("上情动态", "digest", 1),  # 其中网摘信息1条计1分
        ("上情动态", "solicited", 3),  # 以上栏目采用约稿信息1条，计3分
    ],
)
def test_kuaixun_other_columns(world, events, county_scheme, column, kind, expected):
    # 范文2 二(二)1
    target = Column.objects.create(publication=world.kuaixun, name=column, adoption_kinds=[kind])
    item = events.submitted(at(3), title="城关镇信息")
    events.adopt(item, world.kuaixun, column=target, kind=kind, on=at(3, 12))
    assert total(world.town_a, county_scheme) == expected


def test_zhuanbao_special_7_comprehensive_3(world, events, county_scheme):
    # 范文2 二(二)2: 《专报信息》采用专题类信息1条计7分，采用综合性信息计3分
    special = events.submitted(at(4), title="专题")
    events.adopt(special, world.zhuanbao, kind="special", on=at(4, 11))
    comprehensive = events.submitted(at(4), unit=world.dept, by=world.d_officer, title="综合")
    events.adopt(comprehensive, world.zhuanbao, kind="comprehensive", on=at(4, 11))
    assert total(world.town_a, county_scheme) == 7
    assert total(world.dept, county_scheme) == 3


def test_yaoqing_comprehensive_3_brief_1(world, events, county_scheme):
    # 范文2 二(二)3: 《要情快报》采用综合信息1条计3分，简讯计1分
    yaoqing = events.publication(world.county, "要情快报", ("comprehensive", "brief"))
    for kind in ("comprehensive", "brief"):
        item = events.submitted(at(5), title=f"要情{kind}")
        events.adopt(item, yaoqing, kind=kind, on=at(5, 11))
    assert total(world.town_a, county_scheme) == 4


def test_exchange_and_research_publications_10_each(world, events, county_scheme):
    # 范文2 二(二)4、5: 《工作交流》《政务调研》采用1条计10分
    for name in ("工作交流", "政务调研"):
        item = events.submitted(at(6), title=name)
        events.adopt(item, events.publication(world.county, name), on=at(6, 11))
    assert total(world.town_a, county_scheme) == 20


def test_county_leader_annotation_5_and_10_for_exchange(world, events, county_scheme):
    # 范文2 二(二)6: 被县领导批示的，每条另加5分，
    # 其中《工作交流》、《政务调研》被县领导批示的另加10分
    plain = events.submitted(at(3), title="快讯信息")
    events.adopt(plain, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(3, 11))
    events.annotate(plain, Level.COUNTY, on=at(3, 15))
    exchange = events.submitted(at(3), title="交流信息")
    events.adopt(exchange, events.publication(world.county, "工作交流"), on=at(3, 11))
    events.annotate(exchange, Level.COUNTY, on=at(3, 15))
    # A second county leader on the same item: still one bonus per item ("每条").
    events.annotate(exchange, Level.COUNTY, on=at(3, 16), name="另一位县领导")
    # 1 (简要) + 5 (批示) + 10 (工作交流) + 10 (工作交流批示) = 26
    assert total(world.town_a, county_scheme) == 26


def test_county_leader_annotation_on_research_publication_10(world, events, county_scheme):
    # 范文2 二(二)6: 其中《工作交流》、《政务调研》被县领导批示的另加10分
    item = events.submitted(at(9), title="调研报告")
    events.adopt(item, events.publication(world.county, "政务调研"), on=at(9, 11))
    events.annotate(item, Level.COUNTY, on=at(9, 12))
    assert total(world.town_a, county_scheme) == 10 + 10


def test_forwarded_and_adopted_by_city_is_cumulative(world, events, county_scheme):
    # 范文2 二(二)6: 转报市政府办公厅信息，每条另加计1分；
    # 转报市府办公厅被采用的《工作交流》每条另计20分；被市政府领导批示信息，每条加计10分
    # 范文2 二(二)7: 被县政府办公室和市政府办公厅同时采用的信息，分别计分，累计算分
    item = events.submitted(at(3), title="城关镇经验做法")
    events.adopt(item, events.publication(world.county, "工作交流"), on=at(3, 11))
    copy = events.forward(item, on=at(3, 12))
    events.adopt(copy, events.publication(world.city, "工作交流"), on=at(4, 2))
    events.annotate(copy, Level.CITY, on=at(4, 8))
    # 10 (县《工作交流》) + 1 (转报) + 20 (市《工作交流》) + 10 (市领导批示) = 41
    assert total(world.town_a, county_scheme) == 41
    assert total(world.town_a, county_scheme, month=3) == 11
    assert total(world.town_a, county_scheme, month=4) == 30


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("信息快报", "general", 5),  # 工作动态每条另加计5分
        ("专报信息", "general", 10),  # 《专报信息》每条另计10分
        ("信息快报", "brief", 3),  # 简要信息另计3分
    ],
)
def test_city_adoption_of_forwarded_item(world, events, county_scheme, name, kind, expected):
    # 范文2 二(二)6: 转报市府办公厅被采用的工作动态每条另加计5分，
    # ……《专报信息》每条另计10分，简要信息另计3分
    item = events.submitted(at(3), title="城关镇动态")
    events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(3, 11))
    copy = events.forward(item, on=at(3, 12))
    events.adopt(copy, events.publication(world.city, name, (kind,)), kind=kind, on=at(3, 20))
    # 1 (县《快讯》简要) + 1 (转报) + the city adoption
    assert total(world.town_a, county_scheme) == 2 + expected


def test_penalties_10_each_and_untrue_only_with_serious_impact(world, events, county_scheme):
    # 范文2 二(二)8: 出现漏报、误报、迟报的，每项每次倒扣10分；
    # 对报送不实信息，造成重大影响的，每条扣10分
    for kind in ("missed", "late", "wrong"):
        penalty_record(
            actor=world.county_editor,
            unit=world.town_b,
            kind=kind,
            occurred_on=at(5).date(),
            description="6月2日河口乡山体滑坡未及时上报",
        )
    penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind="untrue",
        occurred_on=at(5).date(),
        description="数据有误，未造成影响",
    )
    assert total(world.town_b, county_scheme) == -30
    penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind="untrue",
        occurred_on=at(5).date(),
        description="不实信息造成重大影响",
        serious_impact=True,
    )
    assert total(world.town_b, county_scheme) == -40


def test_withdrawn_penalty_gives_its_points_back(world, county_scheme):
    penalty = penalty_record(
        actor=world.county_editor,
        unit=world.town_b,
        kind="late",
        occurred_on=at(5).date(),
        description="迟报",
    )
    penalty_withdraw(actor=world.county_editor, penalty=penalty, reason="核实后已按时报送")
    assert total(world.town_b, county_scheme) == 0


def test_every_county_rule_cites_its_seed(county_scheme):
    assert county_scheme.rules.count() == 31
    assert all("范文2" in rule.source for rule in county_scheme.rules.all())
    assert county_scheme.rules.filter(kind=RuleKind.QUARTER_MISS).get().points == 0
    assert Rule.objects.filter(scheme=county_scheme, kind=RuleKind.PENALTY).count() == 4
