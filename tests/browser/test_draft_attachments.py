"""Issue 13 point 6 in a real browser: files are chosen on the draft form itself, above
its buttons, go up with the save, and images show as previews on the item page and the
修改 form — at desktop and phone sizes."""

import struct
import zlib

import pytest
from playwright.sync_api import expect

from govdesk.items.models import Item
from tests.browser.conftest import loaded_width

# Stored files land in the test's own directory, as in the attachment tests.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_storage")]

TITLE = "城关镇开展汛前河道清障"


def _png(width=160, height=120) -> bytes:
    """A small striped PNG, written by hand so the test needs no imaging library."""
    rows = b"".join(
        b"\x00" + bytes((180, 38, 30) if (y // 20) % 2 else (31, 95, 168)) * width
        for y in range(height)
    )

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _above(page, upper, lower) -> bool:
    return upper.bounding_box()["y"] < lower.bounding_box()["y"]


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_a_new_draft_takes_its_photos_with_the_first_save(
    request, size, live_server, world, signed_in, screenshot
):
    # live_server before world: the page fixture is only looked up by name below.
    page = signed_in(request.getfixturevalue(size), world.a_officer, "/items/new/")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("正文").fill("5月8日，城关镇组织人员清理河道障碍物12处，疏浚河道1.2公里。")
    files = page.get_by_label("附件")
    assert _above(page, files, page.get_by_role("button", name="保存草稿"))
    files.set_input_files([{"name": "清障现场.png", "mimeType": "image/png", "buffer": _png()}])
    screenshot(page, f"draft-attachments-1-form-{size}")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("article h1")).to_have_text(TITLE)
    thumb = page.locator("img.thumb")
    expect(thumb).to_have_attribute("alt", "清障现场.png")
    assert loaded_width(thumb) == 160
    screenshot(page, f"draft-attachments-2-detail-{size}")
    item = Item.objects.get()
    assert [a.original_name for a in item.attachments.all()] == ["清障现场.png"]

    # The 修改 form shows the stored photo above its picker and buttons.
    page.goto(f"/items/{item.pk}/edit/")
    expect(page.locator("#item-form img.thumb")).to_be_visible()
    picker = page.locator("label", has_text="选择文件")
    assert _above(page, page.locator("#item-form img.thumb"), picker)
    assert _above(page, picker, page.get_by_role("button", name="保存草稿"))
    screenshot(page, f"draft-attachments-3-edit-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the form scrolls sideways ({width}px)"
