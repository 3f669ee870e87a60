"""人员与角色 and 单位 in a real browser, at desktop and phone sizes: the county's
administrator gives a township officer a second role and resets her password, which is
shown once; every page is photographed (test-artifacts/people-*.png)."""

import pytest
from playwright.sync_api import expect

from govdesk.accounts.models import Membership, Role, User

pytestmark = pytest.mark.browser


def administrator_grants_a_role_and_resets_a_password(page, world, signed_in, screenshot, size):
    signed_in(page, world.county_admin, "/config/")
    page.get_by_role("link", name="人员与角色").click()
    expect(page.locator("h1")).to_have_text("人员与角色")
    screenshot(page, f"people-list-{size}")
    page.get_by_label("姓名、用户名、拼音或首字母").fill("zxm")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="张晓梅").click()
    expect(page.locator("h1")).to_contain_text("张晓梅（a_officer）")
    screenshot(page, f"people-person-{size}")

    page.get_by_label("单位", exact=True).select_option(label="城关镇人民政府")
    page.get_by_label("角色", exact=True).select_option(label="审核人")
    page.get_by_label("职务").fill("党政办主任")
    page.get_by_role("button", name="授予", exact=True).click()
    expect(page.locator(".msg-success")).to_have_text("已授予“城关镇人民政府·审核人”角色。")
    assert Membership.objects.filter(
        user=world.a_officer, unit=world.town_a, role=Role.REVIEWER, is_active=True
    ).exists()

    page.get_by_role("button", name="重置密码").click()
    expect(page.locator(".shown-once")).to_contain_text("此密码只显示这一次")
    password = page.locator(".shown-once code").inner_text()
    screenshot(page, f"people-password-shown-{size}")
    person = User.objects.get(pk=world.a_officer.pk)
    assert person.check_password(password) and person.must_change_password

    page.goto("/units/")
    screenshot(page, f"people-units-{size}")
    page.get_by_role("link", name="新增单位").click()
    page.get_by_label("单位名称").fill("某乡人民政府办公室")
    page.get_by_label("单位类型").select_option(label="政府办公室")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("政府办公室须填写行政层级。")).to_be_visible()
    expect(page.get_by_label("单位名称")).to_have_value("某乡人民政府办公室")
    screenshot(page, f"people-unit-add-{size}")
    page.goto(f"/units/{world.town_b.pk}/edit/")
    screenshot(page, f"people-unit-edit-{size}")


# The page fixtures are named, not looked up (see test_config_pages.py).
def test_the_administrator_grants_a_role_and_resets_a_password(page, world, signed_in, screenshot):
    administrator_grants_a_role_and_resets_a_password(page, world, signed_in, screenshot, "desktop")


def test_the_administrator_does_the_same_on_a_phone(phone_page, world, signed_in, screenshot):
    administrator_grants_a_role_and_resets_a_password(
        phone_page, world, signed_in, screenshot, "phone"
    )
