"""Issue 13 point 5 in a real browser: while an emergency is open the duty officer's
工作台 shows it (not "暂无信息"), and the administrator's shows accounts never used
and units without an officer — at desktop and phone sizes."""

import pytest
from playwright.sync_api import expect

from govdesk.units.services import unit_create

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_duty_and_admin_dashboards_show_their_work(
    request, size, live_server, world, emergency, signed_in, screenshot
):
    unit_create(actor=None, parent=world.county, name="县水利局", kind="department")
    page = signed_in(request.getfixturevalue(size), world.county_duty)
    events = page.locator(".work-section", has_text="正在处置的突发事件")
    expect(events.get_by_role("link", name="东河村山洪冲毁道路（城关镇）")).to_be_visible()
    expect(page.locator(".work-section", has_text="今日")).to_contain_text("河口乡")
    expect(page.locator("main")).not_to_contain_text("暂无信息")
    screenshot(page, f"dashboard-duty-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"scrolls sideways ({width}px)"
    events.get_by_role("link", name="东河村山洪冲毁道路（城关镇）").click()
    expect(page.locator("h1")).to_contain_text("东河村山洪冲毁道路")

    page.context.clear_cookies()
    signed_in(page, world.county_admin)
    expect(page.locator(".work-section", has_text="没有信息员的单位")).to_contain_text("县水利局")
    expect(page.locator(".work-section", has_text="从未登录的账号")).to_contain_text("李建国")
    expect(page.locator("main")).not_to_contain_text("暂无信息")
    screenshot(page, f"dashboard-admin-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"scrolls sideways ({width}px)"


def test_the_leaders_dashboard_on_a_phone(phone_page, world, emergency, signed_in, screenshot):
    phone = signed_in(phone_page, world.county_leader)
    section = phone.locator(".work-section", has_text="正在处置的突发事件")
    expect(section).to_contain_text("东河村山洪冲毁道路（城关镇）")
    expect(phone.locator(".work-section", has_text="新印发未读的刊期")).to_contain_text(
        "没有未读的刊期"
    )
    screenshot(phone, "dashboard-leader-phone")
