"""The city award rules of 政务信息通报范文6 四、五 (seeds/001_…txt): 先进单位 一等奖 and
二等奖 among units that exceeded their target and rank high in their category, with
continuity and no reporting failures; 先进个人 by recommendation."""

from decimal import Decimal

import pytest

from govdesk.accounts.models import Role
from govdesk.awards.evaluation import MET, NOT_MET
from govdesk.awards.models import Criterion, CriterionKind
from govdesk.awards.services import attestation_set, awards_install_preset
from govdesk.lib import clock
from govdesk.scoring.models import PenaltyKind
from govdesk.scoring.services import penalty_record
from govdesk.units.services import unit_category_set, unit_create
from tests.conftest import make_user
from tests.fixtures.awards import YEAR, at, check, credit, failing

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_awards(world, city_scheme):
    chief = make_user("city_chief", "冯科长", [(world.city, Role.CHIEF)])
    awards_install_preset(actor=chief, scheme=city_scheme, preset="city")
    return city_scheme


def department(world, name: str, category: str = "C"):
    """A city department of a category (C: target 60, 范文6 三(二)) with its two people."""
    unit = unit_create(actor=None, parent=world.city, name=name, kind="department")
    unit_category_set(actor=None, unit=unit, year=YEAR, category=category)
    officer = make_user(f"o{unit.pk}", f"{name}信息员", [(unit, Role.OFFICER)])
    reviewer = make_user(f"r{unit.pk}", f"{name}审核人", [(unit, Role.REVIEWER)])
    return unit, officer, reviewer


def every_month(events, unit, officer, reviewer, skip=()):
    return [
        events.submitted(at(m), unit=unit, by=officer, signer=reviewer, title=f"{unit.name}{m}月")
        for m in range(1, 13)
        if m not in skip
    ]


def attest_all(world, scheme, unit, officer=None):
    for criterion in Criterion.objects.filter(award__scheme=scheme, kind=CriterionKind.ATTESTED):
        if (criterion.award.subject == "officer") == (officer is not None):
            attestation_set(
                actor=world.city_editor,
                criterion=criterion,
                unit=unit,
                officer=officer,
                met=True,
                note="经实地检查核实",
            )


def test_first_and_second_prize_split(world, events, city_awards):
    """范文6 五(二): 先进单位分设一、二等奖; 四(一)4: 超额完成……且在同类报送单位中排名
    靠前. Three category-C departments, 100/90/80 points against a target of 60, all
    submitting every month: 一等奖 is the first 20% (⌈0.6⌉ = 1 unit), 二等奖 the first
    50% (⌈1.5⌉ = 2) less the 一等奖 winner."""
    units = []
    for name, points in (("市发改委", 100), ("市教育局", 90), ("市民政局", 80)):
        unit, officer, reviewer = department(world, name)
        every_month(events, unit, officer, reviewer)
        credit(city_awards, unit, points)
        attest_all(world, city_awards, unit)
        units.append(unit)
    first = [check(city_awards, "unit_first", u) for u in units]
    second = [check(city_awards, "unit_second", u) for u in units]
    assert [c.granted for c in first] == [True, False, False]
    assert [c.granted for c in second] == [False, True, False]
    assert failing(first[1]) == [CriterionKind.RANK]
    assert failing(second[0]) == [CriterionKind.NOT_AWARDED]
    rank = next(c for c in second[2].checks if c.criterion.kind == CriterionKind.RANK)
    assert rank.summary == "部门·C类第3名（共3个），须前2名"


def test_target_must_be_exceeded(world, city_awards):
    """范文6 四(一)4: 超额完成全年政务信息考核积分指标: exactly the target is not enough."""
    unit, _, _ = department(world, "市发改委")
    credit(city_awards, unit, 60)
    found = check(city_awards, "unit_first", unit, kind=CriterionKind.TARGET)
    assert (found.status, found.summary) == (NOT_MET, "全年得分60分，目标60分")
    credit(city_awards, unit, Decimal("0.5"))
    found = check(city_awards, "unit_first", unit, kind=CriterionKind.TARGET)
    assert (found.status, found.summary) == (MET, "全年得分60.5分，目标60分")


def test_continuity_every_month_submitted(world, events, city_awards):
    """范文6 四(一)5: 政务信息上报工作具有连续性，无时冷时热现象: a month without any
    submission breaks it."""
    unit, officer, reviewer = department(world, "市发改委")
    every_month(events, unit, officer, reviewer, skip={5})
    found = check(city_awards, "unit_first", unit, kind=CriterionKind.MONTHLY_SUBMISSION)
    assert (found.status, found.summary) == (NOT_MET, "5月无报送")
    assert found.evidence[4].text == "5月：0条"


def test_no_missed_late_or_wrong_reports(world, city_awards):
    """范文6 四(一)7: 重要情况无漏报、迟报和误报现象. An untrue item is a separate
    deduction (范文6 has no such award clause), a late report fails the unit."""
    unit, _, _ = department(world, "市发改委")
    for kind, month in ((PenaltyKind.UNTRUE, 3), (PenaltyKind.LATE, 4)):
        with clock.frozen_at(at(month)):
            penalty_record(
                actor=world.city_editor,
                unit=unit,
                kind=kind,
                occurred_on=at(month).date(),
                description="情况说明",
            )
        found = check(city_awards, "unit_first", unit, kind=CriterionKind.NO_FAILURES)
        assert found.status == (MET if kind == PenaltyKind.UNTRUE else NOT_MET)


def test_advanced_individual_recommended_and_adopted(world, events, city_awards):
    """范文6 四(二)、五(三): 先进个人 by the unit's recommendation (attested) with
    adopted items (数量多、质量高: ranked by items adopted)."""
    unit, officer, reviewer = department(world, "市发改委")
    items = every_month(events, unit, officer, reviewer)
    bulletin = events.publication(world.city, "信息快报")
    for month, item in ((1, items[0]), (2, items[1])):
        events.adopt(item, bulletin, on=at(month, 20))
    found = check(city_awards, "officer", unit, officer)
    adopted = next(c for c in found.checks if c.criterion.kind == CriterionKind.OFFICER_ADOPTIONS)
    assert (adopted.status, adopted.summary) == (MET, "被采用2条")
    assert found.pending and not found.granted
    attest_all(world, city_awards, unit, officer)
    assert check(city_awards, "officer", unit, officer).granted


def test_every_city_award_and_criterion_cites_its_seed(city_awards):
    criteria = Criterion.objects.filter(award__scheme=city_awards)
    assert criteria.count() == 8 + 9 + 4
    assert all("范文6" in c.source for c in criteria)
