"""The walk of issue 2 in a real browser: a township officer drafts (autosaved),
the unit's reviewer signs off, the county editor returns it with a reason, the
officer revises, and the editor adopts it into a 《快讯》 column."""

import re

import pytest
from playwright.sync_api import expect

from govdesk.audit.services import history_of
from govdesk.items.models import Item, State

pytestmark = pytest.mark.browser

TITLE = "城关镇部署今年防汛备汛工作"
BODY = (
    "5月20日，城关镇召开防汛备汛工作会议，全镇12个村（社区）落实防汛责任人36名，"
    "储备编织袋2000条、冲锋舟2艘。"
)


def _sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def _open_item(page, title):
    page.get_by_role("link", name=title).first.click()
    expect(page.locator("article h1")).to_have_text(title)


def test_officer_reviewer_editor_walk(page, world, signed_in, screenshot):
    # 信息员 drafts; the draft is saved by itself before any button is pressed.
    signed_in(page, world.a_officer)
    page.get_by_role("link", name="起草信息").first.click()
    # htmx hears typing only once the page's scripts have run; a click returns as soon
    # as the next page starts loading, so a quick fill could go unheard.
    page.wait_for_load_state()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(BODY)
    page.get_by_label("执笔人").fill("张晓梅")
    expect(page.locator("#autosave")).to_contain_text("已自动保存草稿", timeout=15_000)
    assert Item.objects.get().state == State.DRAFT
    screenshot(page, "walk-1-officer-form")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".state")).to_have_text("待审核签发")
    assert Item.objects.count() == 1  # the autosaved draft was submitted, not duplicated
    _sign_out(page)

    # 审核人 signs off from the inbox.
    signed_in(page, world.a_reviewer)
    page.locator(".sidenav").get_by_role("link", name=re.compile("待审核签发")).click()
    _open_item(page, TITLE)
    page.get_by_role("button", name="审核签发并报送").click()
    expect(page.locator(".state")).to_have_text("已报送")
    _sign_out(page)

    # 编辑 returns it with a reason.
    signed_in(page, world.county_editor)
    page.locator(".sidenav").get_by_role("link", name=re.compile("采编工作台")).click()
    screenshot(page, "walk-2-desk")
    _open_item(page, TITLE)
    page.get_by_role("button", name="退回修改").click()
    page.get_by_label("原因（报送单位可见）").fill("请补充转移群众人数。")
    page.get_by_role("button", name="确认退回修改").click()
    expect(page.locator(".state")).to_have_text("退回修改")
    _sign_out(page)

    # The officer sees why, revises and resubmits; the reviewer signs again.
    signed_in(page, world.a_officer)
    expect(page.locator("main")).to_contain_text("请补充转移群众人数。")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_label("正文").fill(BODY + "已转移低洼地带群众58人。")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".state")).to_have_text("待审核签发")
    _sign_out(page)
    signed_in(page, world.a_reviewer, f"/items/{Item.objects.get().pk}/")
    page.get_by_role("button", name="审核签发并报送").click()
    expect(page.locator(".state")).to_have_text("已重新报送")
    _sign_out(page)

    # The editor adopts it into 《快讯》·工作简况 as 简要 (kinds load for the column).
    signed_in(page, world.county_editor, f"/items/{Item.objects.get().pk}/")
    page.get_by_role("button", name="采用", exact=True).click()
    with page.expect_response(lambda r: "/adopt/kinds/" in r.url):
        page.get_by_label("刊物与栏目").select_option(label="工作简况")
    expect(page.get_by_label("采用类型").locator("option")).to_have_count(3)
    page.get_by_label("采用类型").select_option(label="简要")
    page.get_by_role("button", name="确认采用").click()
    expect(page.locator(".state")).to_have_text("已采用")
    expect(page.locator("aside")).to_contain_text("《快讯》·工作简况（简要）")
    expect(page.locator(".timeline")).to_contain_text("请补充转移群众人数。")
    screenshot(page, "walk-3-adopted")

    item = Item.objects.get()
    assert item.state == State.ADOPTED and item.submission_count == 2
    assert item.body.endswith("已转移低洼地带群众58人。")
    actions = [change.action for change in history_of(item)]
    assert actions[0] == "item.created"
    assert [a for a in actions if a not in ("item.created", "item.edited")] == [
        "item.submit",
        "item.sign_off",
        "item.return",
        "item.submit",
        "item.sign_off",
        "item.adopt",
    ]
