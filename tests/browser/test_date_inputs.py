"""Issue 13 point 9 in the browser itself: a date field's empty face is drawn by
Chromium in its own language. Launched in Chinese (LANGUAGE=zh_CN, --lang=zh-CN, the
zh-CN language pack of chromium-l10n) with a zh-CN context, the field reads 年/月/日
(not "mm/dd/yyyy"); the screenshots are looked at, and the browser's language and
its language pack are asserted."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_date_fields_speak_chinese(request, size, live_server, world, signed_in, screenshot):
    page = signed_in(request.getfixturevalue(size), world.a_officer, "/items/mine/")
    assert page.evaluate("navigator.language") == "zh-CN"
    pack = Path("/usr/lib/chromium/locales/zh-CN.pak")
    assert pack.exists(), "apt-get install chromium-l10n: without it dates read mm/dd/yyyy"
    start = page.get_by_label("报送起")
    if not start.is_visible():  # on a phone the filters fold away
        page.locator("details.filters summary, summary", has_text="筛选").first.click()
    expect(start).to_be_visible()
    assert start.input_value() == ""
    # The field's face (年/月/日) is the browser's own shadow text: the screenshot shows it.
    start.scroll_into_view_if_needed()
    screenshot(page, f"date-input-{size}", full_page=False)
    # A date typed in the Chinese order lands as an ISO date.
    start.fill("2026-12-01")
    assert start.input_value() == "2026-12-01"
