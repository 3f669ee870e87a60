"""What an officer typed survives an expired session: the autosave says so, and after
signing in again the form offers the text back from the browser's local copy."""

import re

import pytest
from playwright.sync_api import expect

from govdesk.items.models import Item

pytestmark = pytest.mark.browser

TITLE = "河口乡开展冬季森林防火巡查"
BODY = "11月20日，河口乡组织护林员42名开展森林防火巡查，清理林下可燃物3.5吨。"


def test_text_typed_after_the_session_expired_comes_back(page, world, signed_in):
    signed_in(page, world.b_officer, "/items/new/")
    # The session ends (timeout, logout in another tab) while the officer types.
    page.context.clear_cookies(name="sessionid")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill(BODY)
    expect(page.locator("#autosave")).to_contain_text("登录已过期", timeout=15_000)
    assert not Item.objects.exists()

    # Saving now lands on the login page; signing in leads back to the empty form.
    page.get_by_role("button", name="保存草稿").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.get_by_label("用户名").fill(world.b_officer.username)
    page.get_by_label("密码").fill("Zhengwu#2026")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile("/items/new/"))

    expect(page.locator(".restore")).to_contain_text("未提交的内容")
    page.get_by_role("button", name="恢复").click()
    expect(page.get_by_label("标题")).to_have_value(TITLE)
    expect(page.get_by_label("正文")).to_have_value(BODY)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("article h1")).to_have_text(TITLE)
    assert Item.objects.get().body == BODY

    # The local copy is gone once the server has the text.
    page.goto("/items/new/")
    expect(page.locator(".restore")).to_have_count(0)


def test_a_refused_autosave_says_so_instead_of_looking_saved(page, world, signed_in):
    signed_in(page, world.b_officer, "/items/new/")
    # Without any cookie the server refuses the autosave outright (CSRF, 403).
    page.context.clear_cookies()
    page.get_by_label("标题").fill(TITLE)
    expect(page.locator("#autosave")).to_contain_text("自动保存未成功（403）", timeout=15_000)
    expect(page.locator("#autosave")).to_contain_text("内容已暂存在本机浏览器")
    assert not Item.objects.exists()
