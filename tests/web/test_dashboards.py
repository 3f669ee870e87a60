"""Each role's 工作台 shows the work waiting for it (issue 13 point 5): while an
emergency is open the duty officer and the leader see it, the administrator sees
accounts never used and units without an officer, the chief sees what to sign."""

from datetime import timedelta

import pytest
from huey.contrib.djhuey import HUEY

from govdesk.accounts.models import User
from govdesk.annotations import services as annotations
from govdesk.bulletins import services as issues
from govdesk.circulars import services as circulars
from govdesk.circulars.models import Kind
from govdesk.lib import clock
from govdesk.notifications.models import Delivery
from govdesk.notifications.services import notify
from govdesk.units.services import unit_create

# The bulletin tests' fixtures: adopted items and released issues of 《快讯》.


@pytest.fixture(autouse=True)
def immediate_queue():
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


def _sections(client) -> dict[str, list[str]]:
    """{section title: [row texts]} of the dashboard; the empty text stands in for rows."""
    response = client.get("/")
    assert response.status_code == 200
    return {s.title: [r.text for r in s.rows] or [s.empty] for s in response.context["sections"]}


def test_the_duty_officer_sees_the_open_emergency_and_unacknowledged_alert(world, emergency, login):
    sections = _sections(login(world.county_duty))
    assert sections["正在处置的突发事件"] == ["东河村山洪冲毁道路（城关镇）"]
    assert any("东河村山洪冲毁道路" in row for row in sections["未确认的预警"])
    assert sections["24小时内到期的报告"] == ["东河村山洪冲毁道路（城关镇）"]
    gaps = next(rows for title, rows in sections.items() if title.startswith("今日"))
    assert gaps == ["某县人民政府办公室", "城关镇", "河口乡", "县应急管理局"]
    page = login(world.county_duty).get("/").content.decode()
    assert "暂无信息" not in page


def test_the_leader_sees_unread_issues_items_to_annotate_emergencies_and_overdue_work(
    world, emergency, adopted, released, login
):
    item = adopted(title="城关镇秋粮收购进度过半")
    issue = released(item)
    other = released(adopted(title="城关镇冬修水利开工"))
    annotation = annotations.annotation_create(
        actor=world.county_leader,
        item_id=other.entries.get().items.get().pk,
        text="请城关镇抓紧推进。",
        requires_action=True,
    )
    task = annotation.tasks.get()
    task.deadline = clock.now().date() - timedelta(days=2)
    task.save()
    sections = _sections(login(world.county_leader))
    assert sections["新印发未读的刊期"] == [str(other), str(issue)]
    assert sections["待批示的信息"] == ["城关镇秋粮收购进度过半"]
    assert sections["正在处置的突发事件"] == ["东河村山洪冲毁道路（城关镇）"]
    assert sections["逾期未办结的督办"] == ["城关镇冬修水利开工（城关镇）"]
    # Reading an issue takes it off the list.
    login(world.county_leader).get(f"/bulletins/{issue.pk}/")
    assert _sections(login(world.county_leader))["新印发未读的刊期"] == [str(other)]


def test_the_chief_sees_issues_to_sign_and_release_and_notices_to_issue(world, adopted, login):
    to_sign = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issues.entry_add(
        actor=world.county_editor,
        issue_id=to_sign.pk,
        item_ids=[adopted(title="城关镇秋粮收购进度过半").pk],
    )
    issues.issue_create(actor=world.county_editor, publication=world.zhuanbao)  # empty: not yet
    today = clock.now().date()
    notice = circulars.circular_prepare(
        actor=world.county_chief,
        office=world.county,
        kind=Kind.DUTY_MONTH,
        year=today.year,
        number=today.month,
    )
    sections = _sections(login(world.county_chief))
    assert sections["待签发、印发的刊期"] == ["《快讯》（未编号）"]
    assert sections["待签发的通报"] == [notice.title]
    issues.issue_sign(actor=world.county_chief, issue_id=to_sign.pk)
    rows = login(world.county_chief).get("/").context["sections"][0].rows
    assert [(r.text, r.note) for r in rows] == [("《快讯》（未编号）", "待印发")]


def test_a_unit_sees_its_supervision_with_deadlines(world, adopted, released, login):
    item = adopted(title="城关镇秋粮收购进度过半")
    released(item)
    annotations.annotation_create(
        actor=world.county_leader, item_id=item.pk, text="请总结经验。", requires_action=True
    )
    for person in ("a_officer", "a_reviewer"):
        client = login(getattr(world, person))
        response = client.get("/")
        [section] = response.context["sections"]
        assert section.title == "督办事项"
        assert [r.text for r in section.rows] == ["城关镇秋粮收购进度过半"]
        assert "期限" in section.rows[0].note
    assert _sections(login(world.b_officer))["督办事项"] == ["没有待办的督办事项"]


def test_the_administrator_sees_idle_accounts_units_without_officer_and_failures(
    world, emergency, login
):
    unit_create(actor=None, parent=world.county, name="县水利局", kind="department")
    User.objects.filter(username="a_officer").update(last_login=clock.now())
    Delivery.objects.create(
        message=emergency.messages.first(),
        channel="email",
        target="duty@county.gov.cn",
        key="failed-1",
        status="failed",
        last_error="连接邮件服务器超时",
    )
    returned = notify(user=world.b_officer, kind="item_returned", title="信息被退回")
    Delivery.objects.create(
        message=returned, channel="email", target="b@county.gov.cn", user=world.b_officer,
        key="failed-2", status="failed", last_error="收件地址不存在",
    )  # fmt: skip
    sections = _sections(login(world.county_admin))
    idle = sections["从未登录的账号"]
    assert "张晓梅" not in idle and "李建国" in idle
    assert sections["没有信息员的单位"] == ["县水利局"]
    assert sections["发送失败的预警"] == ["电子邮件 → duty@county.gov.cn"]
    assert sections["发送失败的邮件"] == ["信息被退回（王磊）"]
    assert "暂无信息" not in login(world.county_admin).get("/").content.decode()


def test_sections_follow_roles_and_never_reach_another_office(world, emergency, login):
    # Editors keep their desk queue; nobody outside the county sees its emergency.
    assert login(world.county_editor).get("/").context["sections"] == []
    assert login(world.city_editor).get("/").context["sections"] == []
    assert "正在处置的突发事件" not in _sections(login(world.b_officer))
