"""通报 in a real browser: the chief editor issues March's live scoring notice with a
文号, finds the frozen notice with its files, and a township officer then reads it."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from govdesk.circulars.models import Circular, State

pytestmark = pytest.mark.browser

NUMBER = "县府办信息通〔2026〕3号"
TITLE = "关于2026年3月政务信息报送采用情况的通报"


def _sign_out(page):
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))


def _docx_text(download) -> str:
    document = Document(str(download.path()))
    return "\n".join(p.text for p in document.paragraphs)


def test_issue_the_live_notice_and_a_township_reads_it(
    page,
    world,
    scored,
    signed_in,
    screenshot,
):
    signed_in(page, world.county_chief, f"/scoring/{scored.pk}/notice/?month=3")
    expect(page.locator("h1")).to_have_text(TITLE)
    form = page.get_by_role("form", name="签发通报")
    number = form.get_by_label("文号")
    expect(number).to_have_value(re.compile(r"〔2026〕1号$"))  # the suggestion
    assert number.bounding_box()["width"] >= 250, "the 文号 field is too narrow to read"
    number.fill(NUMBER)
    screenshot(page, "circulars-1-live-notice")
    form.get_by_role("button", name="签发本期通报").click()

    # The issued notice: frozen, numbered, with its files.
    expect(page.locator(".messages")).to_contain_text("通报已签发")
    expect(page.locator("h1")).to_have_text(TITLE)
    meta = page.get_by_role("region", name="签发信息")
    expect(meta.locator(".state")).to_have_text("已签发")
    expect(meta.locator(".doc-number")).to_have_text(NUMBER)
    expect(meta).to_contain_text(world.county_chief.full_name)
    expect(page.get_by_role("button", name="撤回本通报")).to_be_visible()
    expect(page.get_by_label("撤回原因")).to_be_hidden()  # in its dialog until asked for
    screenshot(page, "circulars-2-issued")
    circular = Circular.objects.get()
    assert (circular.state, circular.doc_number) == (State.ISSUED, NUMBER)
    with page.expect_download() as word:
        page.get_by_role("link", name="下载 Word").click()
    assert word.value.suggested_filename == f"{NUMBER}{TITLE}.docx"
    text = _docx_text(word.value)
    # A long title breaks at a word into lines of even width (GB/T 9704 §7.3.3).
    assert NUMBER in text and TITLE in text.replace("\n", "")
    with page.expect_download() as excel:
        page.get_by_role("link", name="下载 Excel").click()
    assert excel.value.suggested_filename.endswith(".xlsx")

    # Back on the live page the period says it is issued and links to the notice.
    page.goto(f"/scoring/{scored.pk}/notice/?month=3")
    expect(page.get_by_role("form", name="签发通报")).to_have_count(0)
    expect(page.get_by_text(f"（{NUMBER}）")).to_be_visible()
    _sign_out(page)

    # 城关镇's officer reads it from the list, without the chief's controls.
    signed_in(page, world.a_officer, "/circulars/")
    expect(page.locator("h1")).to_contain_text("通报")
    row = page.locator("tr", has_text=TITLE)
    expect(row).to_contain_text(NUMBER)
    expect(row.locator(".state")).to_have_text("已签发")
    row.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.get_by_role("region", name="签发信息").locator(".doc-number")).to_have_text(NUMBER)
    expect(page.get_by_text("城关镇专题").first).to_be_visible()
    expect(page.get_by_role("link", name="下载 Word")).to_be_visible()
    expect(page.get_by_text("撤回本通报")).to_have_count(0)
    screenshot(page, "circulars-3-township-reads")
    assert page.problems.responses == []
