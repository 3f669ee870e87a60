"""单独报送网站 in a browser at desktop and phone size: the unit's reviewer sends a
主动公开 draft from its page; the portal editor finds it on the desk."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone_pages import _no_sideways_scroll, _size

pytestmark = pytest.mark.browser


def test_the_reviewer_sends_and_the_desk_shows_it(any_page, world, portal, signed_in, screenshot):
    item = world.draft(public_release="active", title="城关镇开展植树活动")
    page, size = signed_in(any_page, world.a_reviewer, f"/items/{item.pk}/"), _size(any_page)
    page.get_by_role("button", name="单独报送网站").click()
    expect(page.get_by_text("已单独报送门户网站，等待网站编辑审查发布。")).to_be_visible()
    expect(page.get_by_text("等待网站编辑选用。")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, f"portal-send-alone-item-{size}")
    page.context.clear_cookies()
    signed_in(page, world.county_web, "/portal/desk/")
    row = page.get_by_role("row").filter(has_text="城关镇开展植树活动")
    expect(row).to_contain_text("单独报送网站")
    _no_sideways_scroll(page)
    screenshot(page, f"portal-send-alone-desk-{size}")
