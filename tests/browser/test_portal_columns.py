"""栏目设置 in a browser at desktop and phone size: the 网站编辑 renames a column."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone_pages import _no_sideways_scroll, _size

pytestmark = pytest.mark.browser


def test_the_editor_renames_a_column(any_page, world, portal, signed_in, screenshot):
    page, size = signed_in(any_page, world.county_web, "/portal/desk/"), _size(any_page)
    page.get_by_role("link", name="栏目设置").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("栏目设置")
    _no_sideways_scroll(page)
    screenshot(page, f"portal-columns-{size}")
    card = page.get_by_role("region", name="乡镇动态")
    card.get_by_label("栏目名称").fill("乡镇快讯")
    card.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存栏目“乡镇快讯”。")).to_be_visible()
    expect(page.get_by_role("heading", name="乡镇快讯")).to_be_visible()
