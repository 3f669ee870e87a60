"""接口客户端 in a real browser, at desktop and phone sizes: the county's administrator
registers the hotline, issues its token (shown once) and sees its calls
(test-artifacts/api-clients-*.png)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def registers_and_issues(page, world, signed_in, screenshot, size):
    signed_in(page, world.county_admin, "/config/")
    page.get_by_role("link", name="接口客户端").click()
    page.get_by_label("名称").fill(f"12345热线{size}")
    page.get_by_label("所属单位").select_option(label=world.county.name)
    page.get_by_label("读取信息、采用记录、单位和刊物").check()
    page.get_by_label("报送紧急信息、记录电话报告、确认提醒、排班").check()
    screenshot(page, f"api-clients-list-{size}")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".msg-success")).to_contain_text("已登记接口客户端")
    page.get_by_label("代表账号").select_option(label=world.a_officer.full_name)
    page.get_by_label("用途").fill("正式环境")
    page.get_by_role("button", name="签发").click()
    expect(page.locator(".shown-once")).to_contain_text("令牌只显示这一次")
    screenshot(page, f"api-clients-token-{size}")
    raw = page.locator(".shown-once code").first.inner_text()
    page.request.get("/api/items", headers={"Authorization": f"Bearer {raw}"})
    page.goto(page.url)  # a fresh GET: reloading would post the form again
    expect(page.locator(".shown-once")).to_have_count(0)
    expect(page.locator("table").last).to_contain_text("GET /api/items")
    screenshot(page, f"api-clients-calls-{size}")


def test_the_administrator_registers_a_client(page, busy_world, signed_in, screenshot):
    registers_and_issues(page, busy_world, signed_in, screenshot, "desktop")


def test_the_same_on_a_phone(phone_page, busy_world, signed_in, screenshot):
    registers_and_issues(phone_page, busy_world, signed_in, screenshot, "phone")
