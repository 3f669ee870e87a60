"""Signing in through the real login page, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_through_form

pytestmark = pytest.mark.browser

RED_TOPBAR = "rgb(179, 38, 30)"  # --red in govdesk.css


def test_login_page_is_chinese_and_loads_its_assets(page, screenshot):
    page.goto("/accounts/login/")

    expect(page).to_have_title(re.compile("登录"))
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_label("密码")).to_be_visible()
    # The stylesheet and htmx come from the live server's static files, not a CDN.
    expect(page.locator(".topbar")).to_have_css("background-color", RED_TOPBAR)
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.problems.static() == []
    screenshot(page, "login")


def test_login_page_names_the_system(page, settings):
    page.goto("/accounts/login/")

    expect(page).to_have_title(re.compile(settings.GOVDESK_SITE_NAME))
    expect(page.locator(".brand")).to_contain_text(settings.GOVDESK_SITE_NAME)


def test_wrong_password_shows_a_chinese_error(page, world):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(world.a_officer.username)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.locator(".errorlist")).to_contain_text("用户名或密码不正确")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    # What the user typed is kept; the password is not.
    expect(page.get_by_label("用户名")).to_have_value("a_officer")
    expect(page.get_by_label("密码")).to_have_value("")


def test_officer_signs_in_and_reaches_the_dashboard(page, world, screenshot):
    sign_in_through_form(page, world.a_officer)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="主导航")).to_contain_text("工作台")
    expect(page.locator(".userbox")).to_contain_text("张晓梅")
    assert page.problems.static() == []
    screenshot(page, "login-dashboard")


def test_login_page_fits_a_phone(phone_page, screenshot):
    phone_page.goto("/accounts/login/")

    expect(phone_page.get_by_role("button", name="登录")).to_be_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the login page scrolls sideways on a phone by {overflow}px"
    screenshot(phone_page, "login-phone")
