"""Issue 13 "correctness first" in a real browser, at desktop (1366×768) and phone
(390×844) sizes: authorship survives every editor, decisions that end an item's path
ask first (and still ask without JavaScript), 不予采用 is explained and undone within
the year, and the emergency forms start with nothing preselected."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from playwright.sync_api import expect

from govdesk.accounts.models import Role
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import IssueState
from govdesk.circulars import services as circulars
from govdesk.circulars.models import Kind
from govdesk.emergencies.models import Event
from govdesk.items import services
from govdesk.items.models import Item, State
from govdesk.lib import clock
from tests.browser.conftest import DESKTOP
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.browser

APRIL_1 = datetime(2026, 4, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
WRITER, PHONE = "廖保国、王丽娟", "0571-88886666"
TITLE = "城关镇部署今年防汛备汛工作"
BODY = "5月20日，城关镇召开防汛备汛工作会议，全镇12个村（社区）落实防汛责任人36名。"


@pytest.fixture(params=["desktop", "phone"])
def sized(request):
    """The test's page at each size; ``sized.size`` names it for screenshots."""
    page = request.getfixturevalue("page" if request.param == "desktop" else "phone_page")
    page.size = request.param
    return page


@pytest.fixture(autouse=True)
def immediate_queue():
    was, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = was


def _sign_out(page):
    """退出 from the page the user is on (every page has it in its header)."""
    page.locator("form[action*='logout'] button").first.click()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def _credit(item) -> tuple:
    item.refresh_from_db()
    return item.writer, item.contact_phone, sorted(item.authors.values_list("pk", flat=True))


def _edit_body(page, item, text, button="保存"):
    page.goto(f"/items/{item.pk}/edit/")
    expect(page.locator("#credit-line")).to_contain_text(f"执笔人 {WRITER}")
    page.get_by_label("正文").fill(text)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已保存")


def test_every_editor_changes_the_text_never_the_credit(sized, world, signed_in, screenshot):
    page = sized
    colleague = make_user("a_officer2", "王丽娟", [(world.town_a, Role.OFFICER)])
    signed_in(page, world.a_officer, "/items/new/")
    expect(page.get_by_label("执笔人")).to_have_value(world.a_officer.full_name)
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(BODY)
    page.get_by_label("执笔人").fill(WRITER)
    page.get_by_label("联系电话").fill(PHONE)
    page.get_by_label(colleague.full_name).check()
    # As in the item walk: the autosave's draft first, so the save updates that one.
    expect(page.locator("#autosave")).to_contain_text("已自动保存草稿", timeout=15_000)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".state")).to_have_text("草稿")
    item = Item.objects.get()
    credit = _credit(item)
    assert credit == (WRITER, PHONE, sorted([world.a_officer.pk, colleague.pk]))
    # The officer's own second save keeps the two-person 执笔人.
    _edit_body(page, item, BODY + "储备编织袋2000条。", button="保存草稿")
    screenshot(page, f"credit-1-officer-second-save-{page.size}")
    assert _credit(item) == credit
    _sign_out(page)

    services.item_transition(item_id=item.pk, action="submit", actor=world.a_officer)
    signed_in(page, world.a_reviewer)
    _edit_body(page, item, BODY + "（审核人修改）")
    page.goto(f"/items/{item.pk}/edit/")
    screenshot(page, f"credit-2-reviewer-edit-form-{page.size}")
    page.get_by_role("link", name="更改署名").click()
    expect(page.get_by_label("执笔人")).to_have_value(WRITER)
    screenshot(page, f"credit-3-credit-page-{page.size}")
    assert _credit(item) == credit
    _sign_out(page)

    services.item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    signed_in(page, world.county_editor)
    _edit_body(page, item, BODY + "（编辑删改）")
    expect(page.locator("article .meta")).to_contain_text(f"执笔人：{WRITER}")
    expect(page.get_by_role("link", name="更改署名")).to_have_count(0)
    assert _credit(item) == credit
    _sign_out(page)

    copy = services.item_forward(item_id=item.pk, actor=world.county_editor)
    signed_in(page, world.city_editor)
    _edit_body(page, copy, BODY + "（市里编辑）")
    assert _credit(copy) == credit and _credit(item) == credit
    assert item.created_by == world.a_officer


def test_reject_asks_explains_and_is_reopened(sized, world, signed_in, screenshot):
    page = sized
    item = world.submitted(title=TITLE)
    signed_in(page, world.county_editor, f"/items/{item.pk}/")
    page.get_by_role("button", name="不予采用").click()
    dialog = page.locator("#dlg-reject")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"《{TITLE}》将不予采用，在某县人民政府办公室的办理就此结束。")
    dialog.get_by_label("不予采用原因（可不填，报送单位可见）").fill("与昨日报送内容重复。")
    screenshot(page, f"decide-1-reject-dialog-{page.size}")
    assert Item.objects.get().state == State.SUBMITTED  # nothing happened on the first click
    dialog.get_by_role("button", name="确认不予采用").click()
    expect(page.locator(".state")).to_have_text("未采用")
    expect(page.locator("main")).to_contain_text("原因：与昨日报送内容重复。")
    _sign_out(page)

    signed_in(page, world.a_officer, "/items/mine/")
    expect(page.locator("main")).to_contain_text("不予采用原因：与昨日报送内容重复。")
    screenshot(page, f"decide-2-unit-list-{page.size}")
    _sign_out(page)

    signed_in(page, world.county_editor, f"/items/{item.pk}/")
    page.get_by_role("button", name="撤销不予采用").click()
    dialog = page.locator("#dlg-reopen")
    expect(dialog).to_contain_text("回到采编工作台待处理")
    dialog.get_by_role("button", name="取消").click()
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="撤销不予采用").click()
    dialog.get_by_label("撤销原因（可不填，记入办理记录）").fill("领导要求重新考虑。")
    dialog.get_by_role("button", name="确认撤销不予采用").click()
    expect(page.locator(".state")).to_have_text("已报送")
    expect(page.locator(".timeline")).to_contain_text("领导要求重新考虑。")
    screenshot(page, f"decide-3-reopened-{page.size}")
    assert Item.objects.get().state == State.SUBMITTED


def test_without_javascript_the_decisions_still_ask(browser, live_server, world, screenshot):
    """The dialogs are an enhancement: with scripts off the post shows the same step."""
    first = world.submitted(title=TITLE)
    second = world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    for size, viewport in (("desktop", DESKTOP), ("phone", {"width": 390, "height": 844})):
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=False, viewport=viewport
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("input[name=username]", world.county_editor.username)
        page.fill("input[name=password]", PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.goto(f"/items/{first.pk}/")
        page.get_by_role("button", name="不予采用").click()
        expect(page.locator("h1")).to_have_text("请确认")
        expect(page.locator("main")).to_contain_text("将不予采用")
        screenshot(page, f"decide-4-confirm-page-nojs-{size}")
        page.get_by_role("link", name="取消").click()
        expect(page.locator(".state")).to_have_text("已报送")
        page.goto("/items/desk/")
        for item in (first, second):
            page.locator(f"input[name=ids][value='{item.pk}']").check()
        page.get_by_role("button", name="批量不予采用").click()
        expect(page.locator("main")).to_contain_text("以下 2 条信息将不予采用")
        expect(page.locator("main")).to_contain_text("《河口乡开展环境整治》（河口乡）")
        screenshot(page, f"decide-5-bulk-confirm-{size}")
        context.close()
    assert set(Item.objects.values_list("state", flat=True)) == {State.SUBMITTED}


def _selected_label(page, label):
    return page.get_by_label(label).evaluate("s => s.options[s.selectedIndex].text")


def test_emergency_forms_start_safe(sized, world, signed_in, screenshot):
    page = sized
    world.a_officer.phone = "13812345678"
    world.a_officer.save()
    signed_in(page, world.county_duty, "/emergencies/phone/")
    for label in ("来电单位", "事件类别", "事件级别"):
        assert _selected_label(page, label) == "请选择"
    called = page.get_by_label("来电时间").input_value()
    now = timezone.localtime()
    assert abs(now.replace(tzinfo=None) - timezone.datetime.fromisoformat(called)) < timedelta(
        minutes=2
    )
    screenshot(page, f"emergency-safe-1-phone-form-{page.size}")
    # Nothing chosen: the browser holds the form back (the server says so in words too,
    # see tests/emergencies/test_safe_forms.py).
    page.get_by_role("button", name="记录并提醒").click()
    for label in ("事件类别", "事件级别"):
        assert page.get_by_label(label).evaluate("s => s.validity.valueMissing")
    assert not Event.objects.exists()
    page.get_by_label("来电单位").select_option(label=world.town_a.name)
    page.get_by_label("来电人").fill("张晓梅")
    page.get_by_label("事件", exact=True).fill("东河村山洪")
    page.get_by_label("电话报告内容").fill("东河村突发山洪，冲毁村道。")
    occurred = now - timedelta(minutes=30)
    page.get_by_label("事发时间").fill(f"{occurred:%Y-%m-%dT%H:%M}")
    page.get_by_label("地点").fill("城关镇东河村")
    page.get_by_label("事件类别").select_option(label="自然灾害")
    page.get_by_label("事件级别").select_option(label="较大（Ⅲ级）")
    page.get_by_role("button", name="记录并提醒").click()
    expect(page.locator(".messages")).to_contain_text("电话报告已记录")
    event = Event.objects.get()
    _sign_out(page)

    signed_in(page, world.a_officer, "/emergencies/new/")
    for label in ("事件类别", "事件级别"):
        assert _selected_label(page, label) == "请选择"
    expect(page.get_by_label("执笔人")).to_have_value("张晓梅")
    expect(page.get_by_label("联系电话")).to_have_value("13812345678")
    screenshot(page, f"emergency-safe-2-report-form-{page.size}")
    page.goto(f"/emergencies/new/?event={event.pk}")
    expect(page.locator("h1")).to_have_text("首报：东河村山洪")
    expect(page.locator("main")).to_contain_text("本次为书面首报")
    screenshot(page, f"emergency-safe-3-first-report-{page.size}")
    page.get_by_label("标题").fill("东河村山洪冲毁村道")
    page.get_by_label("正文").fill("东河村突降暴雨引发山洪，冲毁村道300米，暂无人员伤亡。")
    page.get_by_role("button", name="立即报送").click()
    expect(page.locator(".msg-success")).to_contain_text("首报已报送")


def test_issue_and_notice_endings_ask_first(
    sized,
    world,
    scored,
    signed_in,
    screenshot,
):
    """签发/印发 of an issue and withdrawing a notice, at both sizes."""
    page = sized
    item = world.submitted(title=TITLE)
    services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind="brief",
    )
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[item.pk])
    with clock.frozen_at(APRIL_1):
        draft = circulars.circular_prepare(
            actor=None, office=world.county, kind=Kind.SCORING_MONTH, year=2026, number=3
        )
        notice = circulars.circular_issue(
            actor=world.county_chief, circular_id=draft.pk, doc_number=draft.doc_number
        )
    signed_in(page, world.county_chief, f"/bulletins/{issue.pk}/")
    page.get_by_role("button", name="签发", exact=True).click()
    expect(page.locator("#dlg-sign")).to_contain_text("签发后本期（1篇文章）定稿")
    screenshot(page, f"confirm-1-issue-sign-{page.size}")
    page.locator("#dlg-sign").get_by_role("button", name="取消").click()
    issue.refresh_from_db()
    assert issue.state == IssueState.DRAFT

    page.goto(f"/circulars/{notice.pk}/")
    page.get_by_role("button", name="撤回本通报").click()
    dialog = page.locator("#dlg-withdraw")
    expect(dialog).to_contain_text(f"文号 {notice.doc_number} 保留、不再另用")
    screenshot(page, f"confirm-2-notice-withdraw-{page.size}")
    dialog.get_by_role("button", name="确认撤回").click()  # no reason: the browser holds it
    assert dialog.get_by_label("撤回原因").evaluate("t => t.validity.valueMissing")
    dialog.get_by_label("撤回原因").fill("数据有误，重新通报。")
    dialog.get_by_role("button", name="确认撤回").click()
    expect(page.locator(".msg-warning")).to_contain_text("撤回原因：数据有误，重新通报。")
