"""Moving in: the records workbook checked row by row, applied all or nothing, and the
records it brings in backdated, marked and counted in the ledger of their own dates."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from govdesk.accounts.models import Membership, User
from govdesk.annotations.models import Annotation
from govdesk.audit.models import Change
from govdesk.bulletins.models import Issue, IssueCounter, IssueState
from govdesk.items.models import Item, State
from govdesk.publications.models import Adoption
from govdesk.records.columns import SHEETS
from govdesk.records.models import ImportBatch, ImportedRecord
from govdesk.records.services import records_import, template
from govdesk.records.workbook import read_files, workbook
from govdesk.scoring.models import LedgerLine, Penalty
from govdesk.scoring.services import scheme_install_preset
from govdesk.solicitations.models import Solicitation
from govdesk.units.models import Unit

TZ = ZoneInfo("Asia/Shanghai")
COUNTY = "某县人民政府办公室"


def records_file(sheets: dict[str, list[dict]]) -> io.BytesIO:
    """The downloaded template with rows (by Chinese column name) added to its sheets."""
    wb = openpyxl.load_workbook(io.BytesIO(template()))
    for title, rows in sheets.items():
        ws = wb[title]
        labels = [cell.value for cell in ws[1]]
        for row in rows:
            ws.append([row.get(label) for label in labels])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def run(sheets, *, actor=None, apply=True, name="台账.xlsx"):
    return records_import(actor=actor, files=[(name, records_file(sheets))], apply=apply)


NEW_TOWN = {"单位名称": "新安镇人民政府", "单位类型": "乡镇/街道", "上级单位": COUNTY}
ITEM = {
    "编号": "2026-001",
    "报送单位": "城关镇人民政府",
    "标题": "城关镇召开防汛工作部署会",
    "正文": "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名。",
    "信息类型": "综合",
    "报送时间": "2026-03-05 09:30",
    "状态": "已采用",
    "处理时间": "2026-03-06 10:00",
    "作者": "a_officer",
}
ADOPTION = {
    "信息编号": "2026-001",
    "主办单位": COUNTY,
    "刊物名称": "快讯",
    "栏目": "工作简况",
    "采用类型": "综合",
    "采用时间": "2026-03-06 10:00",
    "采用人": "county_editor",
}


def test_the_template_has_a_sheet_per_kind_with_the_importers_columns_and_notes():
    wb = openpyxl.load_workbook(io.BytesIO(template()))
    assert wb.sheetnames == [
        "单位",
        "考核类别",
        "人员",
        "考核方案",
        "年度目标",
        "信息",
        "采用",
        "批示",
        "扣分",
        "约稿",
        "约稿回应",
        "合编稿",
    ]
    for sheet in SHEETS:
        ws = wb[sheet.title]
        assert [c.value for c in ws[1]] == sheet.labels
        assert [c.value or "" for c in ws[2]] == sheet.notes
        assert ws.max_row == 2
    assert wb["信息"]["A2"].value == "必填。原系统编号，供采用、批示、扣分、约稿回应、合编稿引用。"
    assert wb["单位"]["C2"].value.startswith("必填。可填：政府办公室、乡镇/街道、部门、")


@pytest.mark.django_db
def test_a_dry_run_names_every_rows_problem_in_chinese_and_keeps_nothing(world):
    changes = Change.objects.count()
    report = run(
        {
            "单位": [NEW_TOWN, {**NEW_TOWN, "单位名称": "河西乡", "单位类型": "乡"}],
            "人员": [
                {
                    "用户名": "lingdao",
                    "姓名": "马明",
                    "单位名称": COUNTY,
                    "角色": "领导",
                }
            ],
            "信息": [
                {**ITEM, "报送时间": "三月五日"},
                {**ITEM, "编号": "2026-002", "正文": '=HYPERLINK("http://x")'},
                {**ITEM, "编号": "2026-003", "标题": "长" * 201},
            ],
            "采用": [ADOPTION],
            "扣分": [
                {
                    "单位名称": "不存在的镇",
                    "类型": "迟报",
                    "发生日期": "2026-04-01",
                    "情况说明": "4月1日山体滑坡迟报2小时",
                }
            ],
        },
        apply=False,
    )
    kinds = "政府办公室、乡镇/街道、部门、开发区、驻外办事处、基层信息直报点、乡镇、街道"
    assert [str(p) for p in report.problems] == [
        f"“单位”表第 4 行“单位类型”列：“乡”无法识别，应为：{kinds}。",
        "“人员”表第 3 行：“领导”角色须填写领导层级（县级、市级、省级或国家级）。",
        "“信息”表第 3 行“报送时间”列：“三月五日”不是日期时间，应写成 2026-03-05 09:30。",
        "“信息”表第 4 行“正文”列：是公式，请改为文字或数值（导入时不计算公式）。",
        "“信息”表第 5 行“标题”列：不能超过 200 个字（现有 201 个）。",
        "“采用”表第 3 行“信息编号”列：找不到编号为“2026-001”的信息（须在“信息”表中且该行无误）。",
        "“扣分”表第 3 行“单位名称”列："
        "找不到单位“不存在的镇”（须是本系统已有的单位或在“单位”表中）。",
    ]
    assert not Unit.objects.filter(name="新安镇人民政府").exists()
    assert not User.objects.filter(username="lingdao").exists()
    assert not ImportBatch.objects.exists()
    assert Change.objects.count() == changes


@pytest.mark.django_db
def test_a_clean_dry_run_counts_what_it_would_bring_in_and_keeps_nothing(world):
    report = run({"单位": [NEW_TOWN]}, apply=False)
    assert report.problems == [] and report.batch is None
    assert report.summary == "单位 1 条"
    assert not Unit.objects.filter(name="新安镇人民政府").exists()


@pytest.mark.django_db
def test_an_apply_with_one_bad_row_keeps_none_of_the_good_ones(world):
    units, items, adoptions = Unit.objects.count(), Item.objects.count(), Adoption.objects.count()
    report = run(
        {
            "单位": [NEW_TOWN],
            "信息": [ITEM],
            "采用": [ADOPTION, {**ADOPTION, "栏目": "没有的栏目"}],
        }
    )
    assert [str(p) for p in report.problems] == [
        "“采用”表第 4 行“栏目”列：《快讯》没有栏目“没有的栏目”。",
    ]
    assert report.batch is None
    assert (Unit.objects.count(), Item.objects.count(), Adoption.objects.count()) == (
        units,
        items,
        adoptions,
    )
    assert not ImportedRecord.objects.exists()


@pytest.mark.django_db
def test_records_come_in_backdated_marked_and_in_the_ledger_of_their_own_dates(world):
    scheme = scheme_install_preset(actor=None, office=world.county, year=2026, preset="county")
    report = run(
        {
            "单位": [NEW_TOWN],
            "人员": [
                {
                    "用户名": "xinan_officer",
                    "姓名": "彭程",
                    "单位名称": "新安镇人民政府",
                    "角色": "信息员",
                    "职务": "党政办干事",
                }
            ],
            "信息": [
                ITEM,
                {
                    **ITEM,
                    "编号": "2026-002",
                    "报送单位": "新安镇人民政府",
                    "作者": "xinan_officer",
                    "状态": "未采用",
                },
            ],
            "采用": [ADOPTION],
            "批示": [
                {
                    "信息编号": "2026-001",
                    "领导姓名职务": "黄志强县长",
                    "领导层级": "县级",
                    "批示内容": "请应急局抓好落实。",
                    "批示时间": "2026-03-08 15:00",
                    "领导用户名": "county_leader",
                }
            ],
            "扣分": [
                {
                    "单位名称": "河口乡人民政府",
                    "类型": "迟报",
                    "发生日期": "2026-04-01",
                    "情况说明": "4月1日山体滑坡迟报2小时",
                }
            ],
        },
        actor=world.county_admin,
    )
    assert [str(p) for p in report.problems] == []
    assert (
        report.summary
        == "单位 1 条、账号 1 条、角色 1 条、信息 2 条、采用 1 条、批示 1 条、扣分 1 条"
    )

    item = Item.objects.get(title=ITEM["标题"], unit=world.town_a)
    assert item.state == State.ADOPTED
    assert item.submitted_at == datetime(2026, 3, 5, 9, 30, tzinfo=TZ)
    assert item.decided_at == datetime(2026, 3, 6, 10, tzinfo=TZ)
    assert list(item.authors.all()) == [world.a_officer]
    newcomer = User.objects.get(username="xinan_officer")
    assert not newcomer.has_usable_password()
    assert Membership.objects.get(user=newcomer).unit.name == "新安镇人民政府"
    annotation = Annotation.objects.get(item=item)
    assert annotation.leader == world.county_leader and annotation.entered_by == world.county_admin
    assert not annotation.tasks.exists()  # its supervision was done in the old system

    lines = {
        (line.unit.name, line.on, line.cause.split("：")[0], line.points)
        for line in LedgerLine.objects.filter(scheme=scheme).select_related("unit")
        if line.points
    }
    assert {(name, on) for name, on, _, _ in lines} >= {
        ("城关镇人民政府", date(2026, 3, 6)),  # adopted in 《快讯》
        ("城关镇人民政府", date(2026, 3, 8)),  # the county leader's annotation
        ("河口乡人民政府", date(2026, 4, 1)),  # the late report
    }
    assert sum(p for name, _, _, p in lines if name == "河口乡人民政府") == -10

    batch = report.batch
    marked = {r.content_type.model for r in ImportedRecord.objects.filter(batch=batch)}
    assert marked == {"unit", "user", "item", "adoption", "annotation", "penalty"}
    assert ImportedRecord.objects.get(object_id=item.pk, content_type__model="item").source_key == (
        "2026-001"
    )
    assert Penalty.objects.get().recorded_by == world.county_admin
    entry = Change.objects.get(action="records.imported")
    assert entry.actor == world.county_admin
    assert entry.details["counts"] == {
        "units": 1,
        "people": 1,
        "memberships": 1,
        "items": 2,
        "adoptions": 1,
        "annotations": 1,
        "penalties": 1,
    }
    # The units and roles went through their own services, with their own entries.
    assert Change.objects.filter(
        action="unit.created", target_id=Unit.objects.get(name="新安镇人民政府").pk
    ).exists()
    assert Change.objects.filter(action="membership.granted").count() >= 1


@pytest.mark.django_db
def test_an_administrator_brings_in_only_their_own_units(offices):
    report = run({"单位": [{**NEW_TOWN, "上级单位": COUNTY}]}, actor=offices.other_admin)
    assert [str(p) for p in report.problems] == [
        "“单位”表第 3 行“上级单位”列：您无权为“某县人民政府办公室”导入台账。"
    ]
    report = run({"单位": [{**NEW_TOWN, "上级单位": ""}]}, actor=offices.county_admin)
    assert [str(p) for p in report.problems] == [
        "“单位”表第 3 行“上级单位”列：只有系统超级管理员可以导入顶级办公室，请填写上级单位。"
    ]


@pytest.mark.django_db
def test_a_csv_sheet_named_after_its_kind_is_read_in_gbk_too(world):
    text = "单位名称,类型,发生日期,情况说明\n河口乡人民政府,漏报,2026-05-02,5月2日火情漏报\n"
    report = records_import(
        actor=None, files=[("扣分.csv", io.BytesIO(text.encode("gb18030")))], apply=True
    )
    assert report.problems == []
    penalty = Penalty.objects.get()
    assert (penalty.unit, penalty.kind, penalty.occurred_on) == (
        world.town_b,
        "missed",
        date(2026, 5, 2),
    )


@pytest.mark.django_db
def test_unreadable_oversized_and_overlong_files_are_refused_in_chinese(world, settings):
    report = records_import(actor=None, files=[("旧台账.xlsx", io.BytesIO(b"PK?"))], apply=False)
    assert [str(p) for p in report.problems] == [
        "旧台账.xlsx：无法读取该文件：请上传 .xlsx 或 .csv 文件。"
    ]

    settings.GOVDESK_IMPORT_MAX_ROWS = 1
    report = run({"单位": [NEW_TOWN, {**NEW_TOWN, "单位名称": "河西乡"}]}, apply=False)
    assert [str(p) for p in report.problems] == ["台账.xlsx：一次最多导入 1 行数据，请分批导入。"]

    settings.GOVDESK_IMPORT_MAX_MB = 0
    report = run({"单位": [NEW_TOWN]}, apply=False)
    assert [str(p) for p in report.problems] == ["台账.xlsx：文件超过 0 MB，请分批导入。"]


@pytest.mark.django_db
def test_the_command_checks_by_default_and_applies_on_request(world, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(records_file({"单位": [NEW_TOWN]}).getvalue())
    out = io.StringIO()
    call_command("import", str(path), stdout=out)
    assert out.getvalue().strip() == "检查通过（未导入），将新增：单位 1 条。加 --apply 导入。"
    assert not Unit.objects.filter(name="新安镇人民政府").exists()

    call_command("import", str(path), "--apply", "--as", "county_admin", stdout=out)
    assert out.getvalue().strip().endswith("已导入：单位 1 条。")
    assert Change.objects.get(action="records.imported").actor == world.county_admin

    bad = tmp_path / "有误的台账.xlsx"
    bad.write_bytes(
        records_file(
            {"单位": [{**NEW_TOWN, "单位名称": "河西乡", "上级单位": "某某办"}]}
        ).getvalue()
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 处问题，未导入任何记录。"):
        call_command("import", str(bad), "--apply", stderr=err)
    assert err.getvalue().strip() == (
        "“单位”表第 3 行“上级单位”列：找不到单位“某某办”（须是本系统已有的单位或在“单位”表中）。"
    )


@pytest.mark.django_db
def test_units_come_with_their_categories_counterparts_and_publications(world):
    report = run(
        {
            "单位": [
                {
                    "单位名称": "某县乙办公室",
                    "单位类型": "政府办公室",
                    "上级单位": "某市人民政府办公室",
                    "行政层级": "县级",
                    "刊物预设": "县级",
                },
                {
                    "单位名称": "乙县应急管理局",
                    "单位类型": "部门",
                    "上级单位": "某县乙办公室",
                },
                {
                    "单位名称": "乙县小河村直报点",
                    "单位类型": "基层信息直报点",
                    "上级单位": "某县乙办公室",
                    "对口上级部门": "乙县应急管理局",
                },
            ],
            "考核类别": [{"单位名称": "乙县应急管理局", "年度": 2026, "类别": "b"}],
        }
    )
    assert report.problems == []
    office = Unit.objects.get(name="某县乙办公室")
    assert office.level == 20
    assert list(office.publications.values_list("name", flat=True)) == [
        "快讯",
        "专报信息",
        "要情快报",
        "工作交流",
        "政务调研",
    ]
    point = Unit.objects.get(name="乙县小河村直报点")
    assert point.counterpart.name == "乙县应急管理局"
    assert Unit.objects.get(name="乙县应急管理局").categories.get(year=2026).category == "B"


def test_text_a_spreadsheet_would_run_is_written_inert_and_read_back_as_it_was():
    title = "-5℃寒潮来袭，城关镇启动应急响应"
    content = workbook(
        {
            "penalties": [
                {
                    "unit": "=1+1",
                    "kind": "late",
                    "description": title,
                    "occurred_on": date(2026, 1, 5),
                }
            ]
        }
    )
    ws = openpyxl.load_workbook(io.BytesIO(content))["扣分"]
    assert (ws["A3"].value, ws["A3"].data_type, ws["D3"].value) == ("'=1+1", "s", "'" + title)
    rows, problems = read_files([("台账.xlsx", io.BytesIO(content))])
    assert problems == []
    assert rows["penalties"] == [
        (
            3,
            {
                "unit": "=1+1",
                "kind": "late",
                "occurred_on": date(2026, 1, 5),
                "description": title,
                "item": None,
                "learned_from": None,
                "serious": None,
            },
        )
    ]


@pytest.mark.django_db
def test_a_models_own_field_check_names_its_column(world):
    report = run(
        {
            "人员": [
                {"用户名": "zhang san", "姓名": "张三"},
                {"用户名": "zhangsan", "姓名": "张三", "邮箱": "zhangsan@"},
            ]
        },
        apply=False,
    )
    assert [str(p) for p in report.problems] == [
        "“人员”表第 3 行“用户名”列："
        "请输入合法的用户名。只能包含英文字母、数字、特殊字符“@”、“.”、“-”和“_”。",
        "“人员”表第 4 行“邮箱”列：邮箱“zhangsan@”格式不正确。",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["county_chief", "county_editor", "a_officer", "outsider"])
def test_nobody_but_an_administrator_brings_records_in(world, who):
    report = run({"单位": [NEW_TOWN], "信息": [ITEM]}, actor=world.people[who])
    assert [str(p) for p in report.problems] == [
        "“单位”表第 3 行“上级单位”列：您无权为“某县人民政府办公室”导入台账。",
        "“信息”表第 3 行“报送单位”列：您无权为“城关镇人民政府”导入台账。",
    ]
    assert not Item.objects.exists()


SECOND = {
    **ITEM,
    "编号": "2026-002",
    "报送单位": "河口乡人民政府",
    "标题": "河口乡抓好春季防汛",
    "作者": "b_officer",
}
ASKED = {
    "约稿编号": "Y-1",
    "约稿单位": COUNTY,
    "主题": "防汛工作情况",
    "截止时间": "2026-03-10 18:00",
    "约稿对象": "城关镇人民政府、河口乡人民政府",
    "发起人": "county_editor",
    "发起时间": "2026-03-01 09:00",
}
ANSWER = {
    "约稿编号": "Y-1",
    "信息编号": "2026-001",
    "关联人": "a_officer",
    "回应时间": "2026-03-05 09:35",
}
COMBINED = {
    "主办单位": COUNTY,
    "刊物名称": "快讯",
    "年度": 2026,
    "期号": 3,
    "印发日期": "2026-03-31",
    "信息编号": "2026-001、2026-002",
    "标题": "各乡镇扎实做好防汛准备",
    "正文": "近期，各乡镇落实防汛责任……",
    "责任编辑": "county_editor",
}


@pytest.mark.django_db
def test_solicitations_their_answers_and_combined_articles_come_in(world):
    report = run(
        {
            "信息": [ITEM, SECOND],
            "采用": [ADOPTION, {**ADOPTION, "信息编号": "2026-002"}],
            "约稿": [ASKED],
            "约稿回应": [ANSWER],
            "合编稿": [COMBINED, {**COMBINED, "标题": "防汛简讯", "编者按": "请各地参照。"}],
        },
        actor=world.county_admin,
    )
    assert [str(p) for p in report.problems] == []
    assert report.summary == "信息 2 条、采用 2 条、约稿 1 条、约稿回应 1 条、合编稿 2 条"

    asked = Solicitation.objects.get(topic="防汛工作情况")
    assert (asked.office, asked.created_by, asked.deadline) == (
        world.county,
        world.county_editor,
        datetime(2026, 3, 10, 18, tzinfo=TZ),
    )
    assert set(asked.units.all()) == {world.town_a, world.town_b}
    answer = asked.responses.get()
    assert (answer.item.title, answer.unit, answer.linked_by, answer.linked_at) == (
        ITEM["标题"],
        world.town_a,
        world.a_officer,
        datetime(2026, 3, 5, 9, 35, tzinfo=TZ),
    )

    issue = Issue.objects.get()
    assert (str(issue), issue.state, issue.date) == (
        "《快讯》2026年第3期",
        IssueState.RELEASED,
        date(2026, 3, 31),
    )
    assert IssueCounter.objects.get(publication=issue.publication, year=2026).last == 3
    entries = list(issue.entries.all())
    assert [(e.position, e.title, e.combined) for e in entries] == [
        (1, "各乡镇扎实做好防汛准备", True),
        (2, "防汛简讯", True),
    ]
    assert entries[0].credited_units() == [world.town_a, world.town_b]
    marked = ImportedRecord.objects.filter(batch=report.batch)
    assert marked.filter(content_type__model="solicitation", source_key="Y-1").exists()
    assert marked.filter(content_type__model="issueentry").count() == 2


@pytest.mark.django_db
def test_answers_and_combined_articles_that_do_not_fit_are_refused_in_chinese(world):
    report = run(
        {
            "信息": [ITEM, SECOND],
            "采用": [ADOPTION],
            "约稿": [{**ASKED, "约稿对象": "城关镇人民政府"}],
            "约稿回应": [
                {**ANSWER, "约稿编号": "Y-9"},
                {**ANSWER, "信息编号": "2026-002"},
            ],
            "合编稿": [
                {**COMBINED, "信息编号": "2026-001"},
                COMBINED,
                {**COMBINED, "刊物名称": "要情"},
            ],
        },
        actor=world.county_admin,
        apply=False,
    )
    assert [str(p) for p in report.problems] == [
        "“约稿回应”表第 3 行“约稿编号”列：找不到编号为“Y-9”的约稿（须在“约稿”表中且该行无误）。",
        "“约稿回应”表第 4 行“信息编号”列：约稿“Y-1”没有向河口乡人民政府约稿。",
        "“合编稿”表第 3 行“信息编号”列：合编稿须由至少两条信息合编，请填写两个以上信息编号。",
        "“合编稿”表第 4 行“信息编号”列：信息“2026-002”没有被《快讯》采用。",
        "“合编稿”表第 5 行“刊物名称”列：某县人民政府办公室没有刊物《要情》。",
    ]
    assert not Solicitation.objects.exists() and not Issue.objects.exists()
