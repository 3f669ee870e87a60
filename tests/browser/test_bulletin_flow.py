"""Issue 4 in a real browser: the county editor assembles an issue, the chief editor
signs and releases it, the county leader annotates an item on a phone and the unit
feeds back on the supervision task."""

import re

import pytest
from playwright.sync_api import expect

from govdesk.annotations.models import SupervisionTask, TaskState
from govdesk.bulletins.models import Issue, IssueState
from govdesk.items import services as item_services
from govdesk.publications.models import AdoptionKind

pytestmark = pytest.mark.browser

TITLE = "城关镇全力推进秋粮收购"


def _sign_out(page):
    if page.get_by_role("button", name="退出").is_hidden():
        page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def test_assemble_release_annotate_feed_back(page, phone_page, world, signed_in, screenshot):
    item = world.submitted(title=TITLE)
    item_services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind=AdoptionKind.BRIEF,
    )

    # 编辑 assembles: a new issue, the adopted item, the distribution list.
    signed_in(page, world.county_editor, "/bulletins/")
    page.get_by_role("button", name="新编一期").click()
    expect(page.locator("h1")).to_contain_text("（未编号）")
    page.get_by_role("checkbox", name=TITLE).check()
    page.get_by_text("编者按、综合信息").click()
    page.get_by_label("编者按").fill("城关镇的做法值得借鉴。")
    page.get_by_role("button", name="编入所选").click()
    expect(page.locator(".bulletin-entry h2")).to_have_text(TITLE)
    page.get_by_label(world.county_leader.full_name).check()
    page.get_by_role("button", name="保存分送范围").click()
    expect(page.locator(".messages")).to_contain_text("已保存报送、抄送范围")
    screenshot(page, "bulletin-1-assemble")
    _sign_out(page)

    # 主编 signs (签发) and releases (印发).
    issue = Issue.objects.get()
    signed_in(page, world.county_chief, f"/bulletins/{issue.pk}/")
    # Each asks first, saying what will happen (issue 13: no one-click endings).
    page.get_by_role("button", name="签发", exact=True).click()
    expect(page.locator("#dlg-sign")).to_contain_text("签发后本期（1篇文章）定稿")
    page.get_by_role("button", name="确认签发").click()
    expect(page.locator(".state")).to_have_text("已签发")
    page.get_by_role("button", name="印发", exact=True).click()
    expect(page.locator("#dlg-release")).to_contain_text("年第1期")
    screenshot(page, "bulletin-2-release-confirm")
    page.get_by_role("button", name="确认印发").click()
    expect(page.locator("h1")).to_contain_text("第1期")
    issue.refresh_from_db()
    assert issue.state == IssueState.RELEASED and issue.number == 1
    _sign_out(page)

    # 领导 reads it on a phone and annotates, asking the township to act.
    phone = signed_in(phone_page, world.county_leader, "/bulletins/")
    expect(phone.locator("tr.unread")).to_have_count(1)
    phone.get_by_role("link", name=re.compile("快讯")).click()
    expect(phone.locator(".bulletin-entry")).to_contain_text("城关镇的做法值得借鉴。")
    screenshot(phone, "bulletin-2-leader-reads")
    phone.get_by_role("link", name="批示").click()
    phone.get_by_label("批示内容").fill("做法很好，请城关镇总结经验并反馈落实情况。")
    phone.get_by_label("需承办单位落实并反馈（督办）").check()
    screenshot(phone, "bulletin-3-leader-annotates")
    phone.get_by_role("button", name="提交批示").click()
    expect(phone.locator(".messages")).to_contain_text("批示已录入")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    task = SupervisionTask.objects.get()
    assert task.unit == world.town_a

    # 城关镇 feeds back (反馈落实情况).
    signed_in(page, world.a_officer, "/annotations/supervision/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("落实情况").fill("已召开专题会议，形成经验材料报县政府办。")
    page.get_by_role("button", name="提交反馈").click()
    expect(page.locator(".timeline")).to_contain_text("已召开专题会议")
    screenshot(page, "bulletin-4-feedback")
    task.refresh_from_db()
    assert task.state == TaskState.ANSWERED
