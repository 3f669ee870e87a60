"""Bulk account issuance from an .xlsx sheet: the service, the page, the command, and an
issued person's first login."""

import io
import re

import openpyxl
import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from govdesk.accounts.issuance import COLUMNS
from govdesk.accounts.models import IssueBatch, Membership, Role, User
from govdesk.accounts.services import accounts_issue_from_sheet
from govdesk.audit.models import Change
from govdesk.units.models import Level, Unit, UnitKind
from tests.conftest import make_user

COUNTY = "某县人民政府办公室"


def sheet(*rows, header=COLUMNS, name="开通账号.xlsx") -> io.BytesIO:
    wb = openpyxl.Workbook()
    wb.active.append(list(header))
    for row in rows:
        wb.active.append(list(row))
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    data.name = name
    return data


def person(unit, superior, kind, full_name, username="", roles="信息员", level="", email=""):
    return [unit, superior, kind, full_name, username, roles, level, "", "", email]


def password_in(message) -> str:
    return re.search(r"初始密码：(\S+)", message.body).group(1)


GOOD_ROWS = (
    # an existing township of the county
    person("城关镇人民政府", COUNTY, "乡镇/街道", "林小雨", email="lxy@example.gov.cn"),
    # a new township, then a second person for it
    [
        "新安镇人民政府",
        COUNTY,
        "乡镇/街道",
        "张晓梅",
        "",
        "信息员、审核人",
        "",
        "党政办主任",
        13900000001,
        "zxm@example.gov.cn",
    ],
    person(
        "新安镇人民政府",
        COUNTY,
        "乡镇/街道",
        "王强",
        "wangqiang",
        "审核人",
        "",
        "wq@example.gov.cn",
    ),
    # the administrator's own office, whose superior lies outside their jurisdiction
    person(
        "某县人民政府办公室",
        "某市人民政府办公室",
        "政府办公室",
        "赵刚",
        "",
        "领导",
        "县级",
        "zg@example.gov.cn",
    ),
    # a unit with nobody in it yet
    ["县统计局", COUNTY, "部门", "", "", "", "", "", "", ""],
)


@pytest.fixture
def issued(world, django_capture_on_commit_callbacks):
    """GOOD_ROWS issued by the county administrator, e-mails sent."""
    make_user("zhangxiaomei", "张晓梅")  # someone already has the plain pinyin name
    with django_capture_on_commit_callbacks(execute=True):
        report = accounts_issue_from_sheet(actor=world.county_admin, file=sheet(*GOOD_ROWS))
    assert report.problems == []
    report.batch.refresh_from_db()  # the e-mails went out after the service returned
    return report.batch


def test_issue_creates_units_accounts_and_roles(world, issued):
    xinan = Unit.objects.get(name="新安镇人民政府")
    assert Unit.objects.get_parent(xinan) == world.county
    assert xinan.kind == UnitKind.TOWNSHIP
    bureau = Unit.objects.get(name="县统计局")
    assert (Unit.objects.get_parent(bureau), bureau.kind) == (world.county, UnitKind.DEPARTMENT)

    lin = User.objects.get(username="linxiaoyu")
    zhang = User.objects.get(username="zhangxiaomei2")
    wang = User.objects.get(username="wangqiang")
    zhao = User.objects.get(username="zhaogang")
    for user in (lin, zhang, wang, zhao):
        assert user.must_change_password
    assert zhang.phone == "13900000001"

    def roles(user):
        return set(user.memberships.values_list("unit__name", "role", "title", "leader_level"))

    assert roles(lin) == {("城关镇人民政府", Role.OFFICER, "", None)}
    assert roles(zhang) == {
        ("新安镇人民政府", Role.OFFICER, "党政办主任", None),
        ("新安镇人民政府", Role.REVIEWER, "党政办主任", None),
    }
    assert roles(zhao) == {(COUNTY, Role.LEADER, "", Level.COUNTY)}

    assert [a["username"] for a in issued.accounts] == [
        "linxiaoyu",
        "zhangxiaomei2",
        "wangqiang",
        "zhaogang",
    ]
    assert {u["name"] for u in issued.units} == {"新安镇人民政府", "县统计局"}
    assert {a["mail"] for a in issued.accounts} == {IssueBatch.MAIL_SENT}


def test_issue_mails_each_person_their_own_credentials(issued):
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        (address,) = message.to
        user = User.objects.get(email=address)
        assert f"用户名：{user.username}" in message.body
        assert user.check_password(password_in(message))
        assert "首次登录" in message.body
    # The password is nowhere but in the e-mail.
    passwords = {password_in(m) for m in mail.outbox}
    assert not any(p in str(issued.accounts) for p in passwords)
    assert not Change.objects.filter(details__icontains=next(iter(passwords))).exists()


def test_issue_is_audited(world, issued):
    admin = world.county_admin
    created = Change.objects.filter(actor=admin, action="account.created")
    assert set(created.values_list("target_id", flat=True)) == set(
        User.objects.filter(
            username__in=["linxiaoyu", "zhangxiaomei2", "wangqiang", "zhaogang"]
        ).values_list("pk", flat=True)
    )
    assert Change.objects.filter(actor=admin, action="unit.created").count() == 2
    assert Change.objects.filter(actor=admin, action="membership.granted").count() == 5
    assert Change.objects.filter(actor=admin, action="account.batch_issued").count() == 1


def test_a_sheet_with_problems_creates_nothing_and_reports_every_row(world):
    make_user("taken", "占用者")
    rows = [
        person("居委会甲", COUNTY, "居委会", "甲", email="a@example.gov.cn"),  # row 2
        person("市统计局", "某市人民政府办公室", "部门", "乙", email="b@example.gov.cn"),  # 3
        person("城关镇人民政府", COUNTY, "乡镇/街道", "丙", "taken", email="c@example.gov.cn"),  # 4
        person("城关镇人民政府", COUNTY, "乡镇/街道", "丁"),  # 5: no e-mail
        person(COUNTY, "某市人民政府办公室", "政府办公室", "戊", "", "领导", "", "e@x.gov.cn"),  # 6
        person(
            "城关镇人民政府", COUNTY, "乡镇/街道", "己", "", "编辑", "", "f@example.gov.cn"
        ),  # 7
        person("城关镇人民政府", COUNTY, "乡镇/街道", "庚", "same", email="g@example.gov.cn"),  # 8
        person("河口乡人民政府", COUNTY, "乡镇/街道", "辛", "same", email="h@example.gov.cn"),  # 9
        person(
            "城关镇人民政府", COUNTY, "乡镇/街道", "壬", "", "科员", "", "i@example.gov.cn"
        ),  # 10
        person("城关镇人民政府", "城关镇人民政府", "部门", "癸", email="j@example.gov.cn"),  # 11
    ]
    counts = (User.objects.count(), Unit.objects.count(), Membership.objects.count())
    report = accounts_issue_from_sheet(actor=world.county_admin, file=sheet(*rows))

    assert report.batch is None
    assert (User.objects.count(), Unit.objects.count(), Membership.objects.count()) == counts
    assert not IssueBatch.objects.exists()
    assert mail.outbox == []
    by_row = {}
    for problem in report.problems:
        by_row.setdefault(problem.row, []).append(problem.message)
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7, 9, 10, 11]
    assert "单位类型“居委会”无法识别" in by_row[2][0]
    assert "不在您的管理范围内" in by_row[3][0]
    assert "用户名“taken”已被占用" in by_row[4][0]
    assert "缺少邮箱" in by_row[5][0]
    assert "须填写领导层级" in by_row[6][0]
    assert "只能设在政府办公室" in by_row[7][0]
    assert "与第 8 行重复" in by_row[9][0]
    assert "角色“科员”无法识别" in by_row[10][0]
    assert "不是政府办公室" in by_row[11][0]
    assert str(report.problems[0]).startswith("第 2 行：")


def test_a_sheet_without_the_required_columns_is_refused_as_a_whole(world):
    header = [c for c in COLUMNS if c != "邮箱"]
    report = accounts_issue_from_sheet(
        actor=world.county_admin, file=sheet(["城关镇人民政府"], header=header)
    )
    (problem,) = report.problems
    assert problem.row is None
    assert "缺少以下列：邮箱" in problem.message


def test_a_file_that_is_not_a_workbook_is_refused(world):
    fake = io.BytesIO(b"MZ\x90\x00 not a spreadsheet")
    report = accounts_issue_from_sheet(actor=world.county_admin, file=fake)
    assert "无法读取该文件" in report.problems[0].message


def test_only_administrators_may_issue(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        accounts_issue_from_sheet(actor=world.county_editor, file=sheet(*GOOD_ROWS))


# --- the page ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["a_officer", "county_editor", "county_chief", "outsider"])
def test_the_issue_page_is_for_administrators_only(world, login, who):
    client = login(world.people[who])
    assert client.get("/accounts/issue/").status_code == 403
    assert client.get("/accounts/issue/template.xlsx").status_code == 403
    assert client.post("/accounts/issue/", {"file": sheet(*GOOD_ROWS)}).status_code == 403
    assert not User.objects.filter(username="linxiaoyu").exists()


def test_the_template_has_the_header_and_an_example_under_the_admins_office(world, login):
    response = login(world.county_admin).get("/accounts/issue/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert rows[1][:4] == ("城关镇人民政府", COUNTY, "乡镇/街道", "张晓梅")


def test_uploading_a_good_sheet_leads_to_the_result_page(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.county_admin)
    page = client.get("/accounts/issue/")
    key = page.context["request_key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/issue/", {"file": sheet(*GOOD_ROWS), "request_key": key})
    batch = IssueBatch.objects.get()
    assert response.status_code == 302
    assert response.url == f"/accounts/issue/{batch.pk}/"
    result = client.get(response.url).content.decode()
    assert "linxiaoyu" in result and "赵刚" in result and "新安镇人民政府" in result
    assert "已发送" in result
    assert password_in(mail.outbox[0]) not in result

    # A double click sends the same request again: nothing is issued twice.
    again = client.post("/accounts/issue/", {"file": sheet(*GOOD_ROWS), "request_key": key})
    assert again.status_code == 302 and again.url == response.url
    assert IssueBatch.objects.count() == 1
    assert User.objects.filter(full_name="林小雨").count() == 1


def test_uploading_a_bad_sheet_shows_the_problems_and_keeps_the_form(world, login):
    client = login(world.county_admin)
    rows = [
        person("城关镇人民政府", COUNTY, "乡镇/街道", "丁"),
        person("某地", "不存在的办公室", "部门", "戊", email="x@example.gov.cn"),
    ]
    response = client.post("/accounts/issue/", {"file": sheet(*rows)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "未开通任何账号" in page
    assert "第 2 行" in page and "缺少邮箱" in page
    assert "第 3 行" in page and "找不到上级单位“不存在的办公室”" in page
    assert not User.objects.filter(full_name="丁").exists()


def test_a_wrong_file_type_is_refused_by_the_form(world, login):
    upload = io.BytesIO(b"a,b\n")
    upload.name = "accounts.csv"
    response = login(world.county_admin).post("/accounts/issue/", {"file": upload})
    assert response.status_code == 200
    assert "请上传 .xlsx 格式" in response.content.decode()


def test_a_batch_is_seen_only_by_who_issued_it(world, login, issued):
    other_admin = make_user("other_admin", "钱进", [(world.county, Role.ADMIN)])
    assert login(other_admin).get(f"/accounts/issue/{issued.pk}/").status_code == 404


# --- the command -------------------------------------------------------------------


def test_the_command_issues_accounts(world, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "accounts.xlsx"
    path.write_bytes(sheet(*GOOD_ROWS).getvalue())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("issue_accounts", str(path), actor="county_admin", stdout=out)
    assert "开通账号：linxiaoyu" in out.getvalue()
    assert "完成：开通 4 个账号，新建 2 个单位" in out.getvalue()
    assert len(mail.outbox) == 4
    assert IssueBatch.objects.get().file_name == "accounts.xlsx"


def test_the_command_reports_problems_and_fails(world, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(sheet(person("城关镇人民政府", COUNTY, "乡镇/街道", "丁")).getvalue())
    with pytest.raises(CommandError, match="第 2 行：缺少邮箱"):
        call_command("issue_accounts", str(path), actor="county_admin")
    with pytest.raises(CommandError, match="只有管理员"):
        call_command("issue_accounts", str(path), actor="a_officer")
    assert not User.objects.filter(full_name="丁").exists()


# --- first login -------------------------------------------------------------------


def test_an_issued_person_must_change_the_password_before_anything_else(client, issued):
    message = next(m for m in mail.outbox if m.to == ["lxy@example.gov.cn"])
    response = client.post(
        "/accounts/login/", {"username": "linxiaoyu", "password": password_in(message)}
    )
    assert response.status_code == 302
    for path in ("/", "/units/", "/accounts/issue/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.url == "/accounts/password/first/"

    form = client.get("/accounts/password/first/")
    assert "首次登录" in form.content.decode()
    response = client.post(
        "/accounts/password/first/",
        {"new_password1": "Xinmima#2026a", "new_password2": "Xinmima#2026a"},
    )
    assert response.status_code == 302 and response.url == "/"
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "工作台" in dashboard.content.decode()

    user = User.objects.get(username="linxiaoyu")
    assert not user.must_change_password
    assert user.check_password("Xinmima#2026a")
    assert Change.objects.filter(actor=user, action="account.password_changed").exists()
