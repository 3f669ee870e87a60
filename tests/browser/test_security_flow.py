"""Two-factor enrolment through the real pages in Chromium, under the Content Security
Policy: the key shown on the page yields the code that lets the chief in, and no page
on the way trips the policy (no inline script, htmx and charts included)."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_through_form

pytestmark = pytest.mark.browser


def test_a_chief_enrols_with_the_key_on_the_page_and_no_page_trips_the_csp(
    page, world, settings, screenshot
):
    settings.GOVDESK_OTP_REQUIRED_ROLES = ["chief"]
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    sign_in_through_form(page, world.county_chief)

    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    expect(page.get_by_role("heading", name="绑定动态口令")).to_be_visible()
    expect(page.locator(".otp-qr svg")).to_be_visible()
    expect(page.get_by_role("navigation", name="主导航")).to_have_count(0)
    screenshot(page, "otp-enrol")
    secret = page.locator(".otp-secret").inner_text()
    page.get_by_label("动态口令").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="绑定并登录").click()

    expect(page.get_by_role("navigation", name="主导航")).to_contain_text("采编工作台")
    for path in ("/items/desk/", "/scoring/", "/items/new/"):
        page.goto(path)
    assert page.evaluate("typeof window.htmx") == "object"
    assert violations == []
