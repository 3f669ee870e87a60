"""Waiting is visible (issue 13, point 7): a download button says it is working and
cannot be pressed twice until its file arrives, then works again at once (no silent
8-second block); a large desk export goes to the worker and arrives under 我的导出."""

import threading
import time

import pytest
from huey.contrib.djhuey import HUEY
from playwright.sync_api import expect

from govdesk.awards import exports as award_exports
from govdesk.awards.services import evaluation_confirm
from govdesk.core.models import Export, ExportState
from govdesk.notifications.models import Delivery, Kind

pytestmark = pytest.mark.browser

NUMBER = "县府办〔2027〕1号"
# The busy button's text and whether it is disabled, once it is busy.
BUSY = """(() => { const b = document.querySelector("button[aria-busy=true]");
  return b && b.disabled && [b.textContent, b.disabled]; })()"""


def _run(cdp, expression):
    return cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})[
        "result"
    ].get("value")


def _poll(cdp, expression, seconds=15.0):
    deadline = time.monotonic() + seconds
    while not (result := _run(cdp, expression)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


@pytest.fixture
def held_docx(monkeypatch):
    """The commendation .docx is built only once the test lets it go, or after 10 s:
    Chromium answers the test's busy-button check (Runtime.evaluate) only once the held
    response comes, so each run waited out the whole hold (60 s before)."""
    gate = threading.Event()
    build = award_exports.commendation_docx

    def held(*args, **kwargs):
        gate.wait(timeout=10)
        return build(*args, **kwargs)

    monkeypatch.setattr(award_exports, "commendation_docx", held)
    return gate


def test_download_button_is_busy_until_the_file_arrives(
    any_page,
    world,
    ready,
    held_docx,
    signed_in,
):
    evaluation_confirm(actor=world.county_chief, scheme=ready)
    page = signed_in(any_page, world.county_chief, f"/awards/{ready.pk}/")
    notice = page.get_by_role("form", name="表彰通报")
    word = notice.get_by_role("button", name="下载表彰通报（Word）")
    notice.get_by_label("表彰通报文号").fill(NUMBER)
    # A download held back by the server does not reliably reach Playwright as a download
    # event (never in Chromium's phone emulation, and not always on a desktop under
    # load): the button coming back, which needs the cookie sent only with the file, is
    # the proof; a second press then downloads at once.
    phone = page.viewport_size["width"] < 500
    word.click(no_wait_after=True)  # the server holds the file back
    # Straight through the DevTools protocol: Playwright's own calls (and screenshots)
    # wait for the download's navigation, which the server is holding back.
    cdp = page.context.new_cdp_session(page)
    assert _poll(cdp, BUSY) == ["正在生成…", True]  # disabled: a second press does nothing
    cdp.detach()
    held_docx.set()
    expect(word).to_have_text("下载表彰通报（Word）", timeout=40_000)
    expect(word).to_be_enabled()
    if phone:
        return
    # The same button works again at once, not 8 seconds later.
    with page.expect_download(timeout=5000) as second:
        word.click()
    assert second.value.suggested_filename.endswith(".docx")
    assert page.problems.responses == []


def test_download_needs_the_number_first(page, world, ready, signed_in):
    evaluation_confirm(actor=world.county_chief, scheme=ready)
    signed_in(page, world.county_chief, f"/awards/{ready.pk}/")
    notice = page.get_by_role("form", name="表彰通报")
    notice.get_by_role("button", name="下载表彰通报（Word）").click()
    number = notice.get_by_label("表彰通报文号")
    assert number.evaluate("el => el.validity.valueMissing") is True
    expect(notice.locator("[aria-busy]")).to_have_count(0)  # refused before it started


def test_large_desk_export_arrives_under_my_exports(
    any_page, world, settings, tmp_path, signed_in, screenshot
):
    settings.GOVDESK_EXPORT_ASYNC_ROWS = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    world.submitted()
    world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡开展环境整治")
    was, HUEY.immediate = HUEY.immediate, True
    try:
        page = signed_in(any_page, world.county_editor, "/items/desk/")
        page.get_by_role("link", name="导出 Excel").click()
        expect(page.locator("h1")).to_have_text("我的导出")
    finally:
        HUEY.immediate = was
    expect(page.locator(".messages")).to_contain_text(
        "共 2 行，导出文件正在后台生成，完成后会通知您，也可在本页下载（保留 24 小时）。"
    )
    export = Export.objects.get()
    assert export.state == ExportState.READY
    assert Delivery.objects.filter(
        user=world.county_editor, channel="inapp", message__kind=Kind.EXPORT_READY
    ).exists()
    row = page.locator(f"#export-{export.pk}")
    expect(row).to_contain_text("可下载")
    size = "phone" if page.viewport_size["width"] < 500 else "desktop"
    screenshot(page, f"waiting-2-my-exports-{size}")
    link = row.get_by_role("link", name="下载")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == export.name
    expect(link).to_have_text("下载")
    expect(link).not_to_have_class("is-busy")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page scrolls sideways ({width}px)"
