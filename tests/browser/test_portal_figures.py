"""The monthly figures on the site, in a browser at desktop and phone size: the 网站编辑
takes an issued 月度信息通报 on the desk, reviews and publishes it; a visitor reads the
figures table."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_phone_pages import _no_sideways_scroll, _size
from tests.circulars.test_issue import _issue

pytestmark = pytest.mark.browser
TITLE = "关于2026年3月政务信息报送采用情况的通报"


def test_the_editor_publishes_the_monthly_figures(
    any_page, world, events, scored, portal, signed_in, screenshot
):
    _issue(world)
    page, size = signed_in(any_page, world.county_web, "/portal/desk/"), _size(any_page)
    notices = page.get_by_role("region", name="可发布的月度信息通报")
    expect(notices.get_by_role("cell", name=TITLE)).to_be_visible()
    expect(notices.get_by_label("栏目")).to_have_value(str(portal["xxbstb"].pk))
    _no_sideways_scroll(page)
    screenshot(page, f"portal-desk-notices-{size}")
    notices.get_by_role("button", name="发布到网站").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    table = page.get_by_role("table", name="2026年3月各单位政务信息报送采用情况")
    expect(table.get_by_role("row", name="城关镇")).to_contain_text("12")
    screenshot(page, f"portal-notice-article-desk-{size}")
    page.get_by_role("button", name="确认已完成保密审查").click()
    expect(page.get_by_text("保密审查已确认。")).to_be_visible()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.get_by_text("已发布（或已定时）。")).to_be_visible()
    page.get_by_role("link", name="查看网页").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    table = page.get_by_role("table", name="2026年3月各单位政务信息报送采用情况")
    expect(table.get_by_role("row", name="城关镇")).to_contain_text("12")
    _no_sideways_scroll(page)
    screenshot(page, f"portal-notice-article-site-{size}")
