"""The supervision sheet (督办单) from the task page, at desktop and phone size: the
office gives a 督办文号 and downloads the Word sheet, which carries it."""

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.test_phone_pages import _no_sideways_scroll, _size

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_storage")]
NUMBER = "县府办督〔2025〕7号"


def test_the_office_downloads_the_sheet(any_page, world, task, signed_in, screenshot):
    page = signed_in(any_page, world.county_editor, f"/annotations/supervision/{task.pk}/")
    sheet = page.get_by_role("form", name="督办单")
    sheet.get_by_label("督办文号（选填）").fill(NUMBER)
    _no_sideways_scroll(page)
    screenshot(page, f"supervision-task-{_size(page)}")
    with page.expect_download() as word:
        sheet.get_by_role("button", name="下载督办单（Word）").click()
    assert word.value.suggested_filename == f"领导批示督办单-城关镇人民政府-{task.pk}.docx"
    texts = [p.text for p in Document(str(word.value.path())).paragraphs]
    assert texts[1] == NUMBER and "领导批示督办单" in texts
    expect(sheet.get_by_role("button", name="下载督办单（Word）")).to_be_enabled()
    assert page.problems.responses == []
