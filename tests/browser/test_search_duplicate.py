"""An officer pastes last month's item into a new draft: the form warns that it looks
like a duplicate and names the missing basic elements; the officer writes up what is
new, the hints clear, and the item goes to sign-off."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from govdesk.items.models import Item, State
from govdesk.lib import clock

# The earlier item's signature is stored by the worker's task, run inline here.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("immediate_queue")]

LAST_MONTH = (
    "城关镇高度重视防汛备汛工作，镇党委召开专题会议研究部署防汛备汛，要求各村对照职责"
    "逐项落实防汛责任，做好物资储备和隐患排查，确保安全度汛。"
)
NEW = (
    "6月12日，城关镇组织防汛应急演练，全镇12个村的150名民兵和群众参加，"
    "现场转移安置群众80人，检验了预警、转移和抢险各环节。"
)


def test_pasted_item_is_warned_then_fixed_and_submitted(page, world, signed_in, screenshot):
    with clock.frozen_at(clock.now() - timedelta(days=30)):
        earlier = world.submitted(title="城关镇部署防汛备汛工作", body=LAST_MONTH)

    signed_in(page, world.a_officer)
    page.get_by_role("link", name="起草信息").first.click()
    # htmx hears typing only once the page's scripts have run; a click returns as soon
    # as the next page starts loading, so a quick fill could go unheard.
    page.wait_for_load_state()
    page.get_by_label("标题").fill("城关镇扎实做好防汛工作")
    page.get_by_label("正文").fill(LAST_MONTH)
    warning = page.locator(".duplicate-warning")
    expect(warning).to_contain_text(earlier.title)
    expect(page.locator(".quality-hints")).to_contain_text("基本要素不全")
    expect(page.locator(".quality-hints")).to_contain_text("数据")
    screenshot(page, "search-duplicate-warned")

    page.get_by_label("正文").fill(NEW)
    expect(warning).to_have_count(0)
    expect(page.locator(".hint-elements")).to_have_count(0)
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator(".state")).to_have_text("待审核签发")
    item = Item.objects.get(state=State.PENDING_SIGNOFF)
    assert item.body == NEW and re.search("12个村", item.body)
    assert not page.problems.responses
