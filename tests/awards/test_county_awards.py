"""The county award rules of 政务信息通报范文2 三(二) (seeds/001_…txt), criterion by
criterion, on hand-built records: 城关镇 (town_a) works the whole year (see ``Year``:
46 points, target 40), 河口乡 (town_b) does little."""

import pytest

from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.awards.evaluation import ATTESTED, MET, NOT_MET, PENDING, evaluate
from govdesk.awards.models import Award, Criterion, CriterionKind
from govdesk.awards.services import attestation_set, override_set
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.scoring.models import PenaltyKind
from govdesk.scoring.services import penalty_record
from govdesk.solicitations.models import Solicitation, SolicitationResponse
from govdesk.units.models import Level
from tests.fixtures.awards import at, check, credit, failing, townships

pytestmark = pytest.mark.django_db

ADVANCED = "advanced_unit"


def attest(world, scheme, unit, code=ADVANCED, met=True):
    criterion = Criterion.objects.get(
        award__scheme=scheme, award__code=code, kind=CriterionKind.ATTESTED
    )
    return attestation_set(
        actor=world.county_editor,
        criterion=criterion,
        unit=unit,
        met=met,
        note="查阅了单位信息工作制度和专职人员任命文件",
    )


def test_model_unit_meets_every_advanced_unit_criterion(world, year, county_awards):
    """范文2 三(二)1(1)-(8), 三(一), 二(一): every criterion met from the records, (8)
    attested by an editor."""
    year.run(world.town_a, world.a_officer)
    attest(world, county_awards, world.town_a)
    found = check(county_awards, ADVANCED, world.town_a)
    summaries = {c.criterion.kind: (c.status, c.summary) for c in found.checks}
    assert summaries[CriterionKind.TARGET] == (MET, "全年得分46分，目标40分")
    assert summaries[CriterionKind.NO_ZERO_QUARTER] == (MET, "四个季度均有得分")
    assert summaries[CriterionKind.MANDATORY] == (MET, "1条")
    assert summaries[CriterionKind.ADOPTIONS] == (MET, "1条（须1条以上）")
    assert summaries[CriterionKind.MONTHLY_ADOPTION] == (MET, "12个月均有采用或批示")
    assert summaries[CriterionKind.RANK] == (MET, "乡镇/街道第1名（共2个），须前10名")
    assert summaries[CriterionKind.NO_FAILURES] == (MET, "无记录")
    assert summaries[CriterionKind.SOLICITATIONS] == (MET, "约稿0次，均按时回应")
    assert summaries[CriterionKind.FEEDBACK] == (MET, "督办0件，均已反馈")
    assert summaries[CriterionKind.BODY_TEXT] == (MET, "报送12条，均为正文形式")
    assert summaries[CriterionKind.ATTESTED][0] == ATTESTED
    assert found.proposed and found.granted
    # The evidence of the city adoption is the June item, one click away.
    adoptions = next(c for c in found.checks if c.criterion.kind == CriterionKind.ADOPTIONS)
    assert [e.url for e in adoptions.evidence] == [
        f"/items/{Item.objects.get(title='城关镇人民政府6月信息', forwarded_from=None).pk}/"
    ]


def test_unattested_criterion_is_pending(world, year, county_awards):
    """范文2 三(二)1(8) 配备有专职信息工作人员: the system cannot know it; until an
    editor attests, the unit waits (not proposed, not refused)."""
    year.run(world.town_a, world.a_officer)
    found = check(county_awards, ADVANCED, world.town_a)
    assert failing(found) == [CriterionKind.ATTESTED]
    assert found.pending and not found.proposed


def test_first_by_score_but_one_late_report_is_out(world, year, county_awards):
    """范文2 三(二)1(4): 年内没有漏报、迟报、错报信息的现象. 城关镇 ranks first even
    after the 10-point deduction (二(二)8) and still meets its target, but is out."""
    year.run(world.town_a, world.a_officer)
    attest(world, county_awards, world.town_a)
    # June: the second quarter keeps 3 + 3 + 12 - 10 = 8 points.
    with clock.frozen_at(at(6, 1)):
        penalty_record(
            actor=world.county_editor,
            unit=world.town_a,
            kind=PenaltyKind.LATE,
            occurred_on=at(6, 1).date(),
            description="暴雨灾情迟报2小时",
        )
    # Target lowered to 30 so only the late report stands between 城关镇 and the award.
    county_awards.targets.filter(unit_kind="township").update(points=30)
    found = check(county_awards, ADVANCED, world.town_a)
    rank = next(c for c in found.checks if c.criterion.kind == CriterionKind.RANK)
    assert rank.summary.startswith("乡镇/街道第1名")
    no_failures = next(c for c in found.checks if c.criterion.kind == CriterionKind.NO_FAILURES)
    assert (no_failures.status, no_failures.summary) == (NOT_MET, "1次报送失误")
    assert no_failures.evidence[0].text == "06月01日迟报：暴雨灾情迟报2小时"
    assert failing(found) == [CriterionKind.NO_FAILURES]
    assert not found.granted


def test_no_adoption_in_august(world, year, county_awards):
    """范文2 三(二)1(2): 每月至少有1条信息被采用或被县领导批示."""
    year.run(world.town_a, world.a_officer, skip={8})
    attest(world, county_awards, world.town_a)
    found = check(county_awards, ADVANCED, world.town_a)
    monthly = next(c for c in found.checks if c.criterion.kind == CriterionKind.MONTHLY_ADOPTION)
    assert (monthly.status, monthly.summary) == (NOT_MET, "8月无采用或批示")
    assert monthly.evidence[7].text == "8月：0条"
    assert failing(found) == [CriterionKind.MONTHLY_ADOPTION]


def test_county_leader_annotation_covers_a_month(world, year, events, county_awards):
    """范文2 三(二)1(2): a month without adoption is covered by a county leader's
    annotation (on an item adopted earlier); a city leader's does not count here."""
    items = year.run(world.town_a, world.a_officer, skip={8})
    check_ = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.MONTHLY_ADOPTION)
    assert check_.status == NOT_MET
    events.annotate(items[7], Level.COUNTY, on=at(8, 15))
    check_ = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.MONTHLY_ADOPTION)
    assert check_.status == MET


def test_city_adoption_or_city_leader_annotation(world, year, events, county_awards):
    """范文2 三(二)1(1): 全年至少有1条信息被市府办公厅采用或被市领导批示. Without the
    city adoption: not met; a county adoption annotated by a city leader: met."""
    items = year.run(world.town_a, world.a_officer, city=False)
    adoptions = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.ADOPTIONS)
    assert (adoptions.status, adoptions.summary) == (NOT_MET, "0条（须1条以上）")
    events.annotate(items[5], Level.CITY, on=at(5, 20))
    adoptions = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.ADOPTIONS)
    assert (adoptions.status, adoptions.summary) == (MET, "1条（须1条以上）")


def test_top_10_townships_and_top_20_departments(world, county_awards):
    """范文2 三(二)1(3): 各街镇乡得分应名列前10位；部门信息得分应名列前20位. Eleven
    more townships scored 110, 100 … 10; 城关镇 and 河口乡 have 0 (ranks 12, tied)."""
    towns = townships(world, 11)
    for index, town in enumerate(towns):
        credit(county_awards, town, 110 - 10 * index)
    tenth = check(county_awards, ADVANCED, towns[9], kind=CriterionKind.RANK)
    assert (tenth.status, tenth.summary) == (MET, "乡镇/街道第10名（共13个），须前10名")
    eleventh = check(county_awards, ADVANCED, towns[10], kind=CriterionKind.RANK)
    assert (eleventh.status, eleventh.summary) == (NOT_MET, "乡镇/街道第11名（共13个），须前10名")
    dept = check(county_awards, ADVANCED, world.dept, kind=CriterionKind.RANK)
    assert (dept.status, dept.summary) == (MET, "部门第1名（共1个），须前20名")


def test_missed_target_or_zero_quarter_is_out(world, county_awards):
    """范文2 三(一): 凡未完成目标任务的单位和季度通报得分为零的单位，不纳入评选. 河口乡:
    45 points, all in the first two quarters; 城关镇: 39 points spread over the year."""
    credit(county_awards, world.town_b, 45, month=2)
    for month, points in ((2, 10), (5, 10), (8, 10), (11, 9)):
        credit(county_awards, world.town_a, points, month=month)
    b_target = check(county_awards, ADVANCED, world.town_b, kind=CriterionKind.TARGET)
    b_quarters = check(county_awards, ADVANCED, world.town_b, kind=CriterionKind.NO_ZERO_QUARTER)
    assert b_target.status == MET
    assert (b_quarters.status, b_quarters.summary) == (
        NOT_MET,
        "第2季度、第3季度、第4季度得分为零",
    )
    a_target = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.TARGET)
    a_quarters = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.NO_ZERO_QUARTER)
    assert (a_target.status, a_target.summary) == (NOT_MET, "全年得分39分，目标40分")
    assert a_quarters.status == MET


def test_mandatory_publication(world, events, county_awards):
    """范文2 二(一): 当年须上报并被采用《专报信息》、《工作交流》或《政务调研》1条以上
    ……取消评先资格. 河口乡 only has 《快讯》 adoptions."""
    item = events.submitted(at(4), unit=world.town_b, by=world.b_officer, title="河口乡简讯")
    events.adopt(item, world.kuaixun, column=world.kuaixun_work, kind="brief", on=at(4, 12))
    found = check(county_awards, ADVANCED, world.town_b, kind=CriterionKind.MANDATORY)
    assert (found.status, found.summary) == (
        NOT_MET,
        "全年无《专报信息》、《工作交流》、《政务调研》采用",
    )


def test_solicitations_answered_on_time(world, events, county_awards):
    """范文2 三(二)1(5): 及时完成约稿信息. 城关镇 answers one solicitation on time and
    one a day late; 河口乡 answers on time."""
    asked = []
    for month in (4, 5):
        solicitation = Solicitation.objects.create(
            office=world.county,
            topic=f"{month}月防汛约稿",
            deadline=at(month, 20),
            created_by=world.county_editor,
        )
        solicitation.units.set([world.town_a, world.town_b])
        asked.append(solicitation)
    for solicitation, unit, by, day in (
        (asked[0], world.town_a, world.a_officer, 18),
        (asked[1], world.town_a, world.a_officer, 21),
        (asked[0], world.town_b, world.b_officer, 19),
        (asked[1], world.town_b, world.b_officer, 19),
    ):
        item = events.submitted(at(solicitation.deadline.month, day - 1), unit=unit, by=by)
        SolicitationResponse.objects.create(
            solicitation=solicitation,
            unit=unit,
            item=item,
            linked_by=by,
            linked_at=at(solicitation.deadline.month, day),
        )
    a = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.SOLICITATIONS)
    assert (a.status, a.summary) == (NOT_MET, "约稿2次，1次未按时回应")
    assert [e.text for e in a.evidence] == [
        "04月20日截止《4月防汛约稿》：按时回应",
        "05月20日截止《5月防汛约稿》：逾期回应",
    ]
    b = check(county_awards, ADVANCED, world.town_b, kind=CriterionKind.SOLICITATIONS)
    assert (b.status, b.summary) == (MET, "约稿2次，均按时回应")


def test_supervision_feedback_complete(world, events, county_awards):
    """范文2 三(二)1(6): 按照县府办要求认真完成领导批示信息的办理和反馈. A task past its
    deadline without feedback fails the unit; an answered one does not."""
    item = events.submitted(at(3), title="城关镇专题")
    events.adopt(item, world.zhuanbao, kind="special", on=at(3, 12))
    note = events.annotate(item, Level.COUNTY, on=at(3, 13))
    task = SupervisionTask.objects.create(
        annotation=note,
        unit=world.town_a,
        office=world.county,
        deadline=at(3, 20).date(),
        opened_at=at(3, 13),
    )
    found = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.FEEDBACK)
    assert (found.status, found.summary) == (NOT_MET, "督办1件，1件逾期未反馈")
    assert found.evidence[0].url == f"/annotations/supervision/{task.pk}/"
    SupervisionTask.objects.filter(pk=task.pk).update(
        state=TaskState.ANSWERED, answered_at=at(3, 19)
    )
    found = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.FEEDBACK)
    assert (found.status, found.summary) == (MET, "督办1件，均已反馈")


def test_items_in_body_text(world, events, county_awards):
    """范文2 三(二)1(7): 以正文形式上报的信息. The form refuses an empty body; an item
    that reached the office without one (imported) fails the criterion."""
    events.submitted(at(2), title="城关镇正文信息")
    bare = events.submitted(at(3), title="城关镇附件信息")
    Item.objects.filter(pk=bare.pk).update(body="")
    found = check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.BODY_TEXT)
    assert (found.status, found.summary) == (NOT_MET, "1条信息无正文")
    assert found.evidence[0].text == "无正文：城关镇附件信息"


def test_rank_rise_of_exactly_8_places(world, county_awards, last_year):
    """范文2 三(二)2(2): 信息得分排位同比上升8个位次以上. Last year ten townships ranked
    1-10 (100 … 10 points); this year the 9th is first (rise 8: met) and the 10th
    third (rise 7: not met)."""
    towns = townships(world, 10)
    for index, town in enumerate(towns):
        credit(last_year, town, 100 - 10 * index)
    credit(county_awards, towns[8], 200)
    credit(county_awards, towns[0], 150)
    credit(county_awards, towns[9], 140)
    ninth = check(county_awards, "progress", towns[8], kind=CriterionKind.RANK_RISE)
    assert (ninth.status, ninth.summary) == (MET, "上年第9名，本年第1名，上升8位（须8位以上）")
    tenth = check(county_awards, "progress", towns[9], kind=CriterionKind.RANK_RISE)
    assert (tenth.status, tenth.summary) == (NOT_MET, "上年第10名，本年第3名，上升7位（须8位以上）")
    first = check(county_awards, "progress", towns[0], kind=CriterionKind.RANK_RISE)
    assert first.status == NOT_MET  # 1st → 2nd: fell one place


def test_advanced_unit_also_eligible_for_progress_gets_only_advanced(
    world, year, county_awards, last_year
):
    """范文2 三(二)2: 已被评为全县政务信息工作先进集体的单位不再参加信息报送进步奖的评选.
    城关镇 was 9th of nine last year and is first now: it meets every 进步奖 condition
    but is 先进集体 first; if the chief withholds 先进集体, it gets 进步奖."""
    towns = townships(world, 7)
    for index, town in enumerate([*towns, world.town_b]):
        credit(last_year, town, 80 - 10 * index)
    year.run(world.town_a, world.a_officer)
    attest(world, county_awards, world.town_a)
    advanced = check(county_awards, ADVANCED, world.town_a)
    progress = check(county_awards, "progress", world.town_a)
    assert advanced.granted
    rise = next(c for c in progress.checks if c.criterion.kind == CriterionKind.RANK_RISE)
    assert rise.summary == "上年第9名，本年第1名，上升8位（须8位以上）"
    assert failing(progress) == [CriterionKind.NOT_AWARDED]
    assert not progress.granted

    award = Award.objects.get(scheme=county_awards, code=ADVANCED)
    override_set(
        actor=world.county_chief,
        award=award,
        unit=world.town_a,
        granted=False,
        reason="该镇信息员年内调离，改评进步奖",
    )
    assert not check(county_awards, ADVANCED, world.town_a).granted
    assert check(county_awards, "progress", world.town_a).granted


def test_advanced_individuals(world, year, events, county_awards):
    """范文2 三(二)3: (1) 先进集体单位可评选1名先进个人 (the officer with most adoptions);
    (2) other units' officers with ≥1 item adopted by the city office or annotated by a
    county leader."""
    from tests.conftest import make_user

    helper = make_user("a_officer2", "钱小红", [(world.town_a, "officer")])
    year.run(world.town_a, world.a_officer)
    attest(world, county_awards, world.town_a)
    events.submitted(at(2), unit=world.town_a, by=helper, title="城关镇钱小红稿件")
    b_item = events.submitted(at(4), unit=world.town_b, by=world.b_officer, title="河口乡专题")
    events.adopt(b_item, world.zhuanbao, kind="special", on=at(4, 12))
    route = "officer_route"
    top = check(county_awards, "advanced_officer", world.town_a, world.a_officer, kind=route)
    assert top.status == MET
    other = check(county_awards, "advanced_officer", world.town_a, helper, kind=route)
    assert (other.status, other.summary) == (NOT_MET, "所在单位获评先进集体，已推荐张晓梅")
    b = check(county_awards, "advanced_officer", world.town_b, world.b_officer, kind=route)
    assert (b.status, b.summary) == (NOT_MET, "上级采用或领导批示0次")
    events.annotate(b_item, Level.COUNTY, on=at(4, 20))
    b = check(county_awards, "advanced_officer", world.town_b, world.b_officer, kind=route)
    assert (b.status, b.summary) == (MET, "上级采用或领导批示1次")


def test_every_award_and_criterion_cites_its_seed(county_awards):
    """Every rule of the preset names its clause of 范文2."""
    criteria = Criterion.objects.filter(award__scheme=county_awards)
    assert criteria.count() == 11 + 7 + 1
    assert all("范文2" in c.source for c in criteria)
    assert all("范文2" in a.source for a in Award.objects.filter(scheme=county_awards))


def test_evaluation_lists_candidates_granted_first(world, year, county_awards):
    """Candidates per award are sorted: the granted first, then by the year's score."""
    credit(county_awards, world.town_b, 100)
    year.run(world.town_a, world.a_officer)
    attest(world, county_awards, world.town_a)
    result = dict(evaluate(county_awards).results)
    names = [c.name for c in result[Award.objects.get(code=ADVANCED, scheme=county_awards)]]
    assert names == ["城关镇", "河口乡", "县应急管理局"]


def test_attestation_needs_a_note(world, county_awards):
    """Bad input: an attestation without a note is refused with a Chinese message."""
    from django.core.exceptions import ValidationError

    criterion = Criterion.objects.get(
        award__scheme=county_awards, award__code=ADVANCED, kind=CriterionKind.ATTESTED
    )
    with pytest.raises(ValidationError, match="请填写核实说明"):
        attestation_set(
            actor=world.county_editor, criterion=criterion, unit=world.town_a, met=True, note=" "
        )
    assert check(county_awards, ADVANCED, world.town_a, kind=CriterionKind.ATTESTED).status == (
        PENDING
    )
