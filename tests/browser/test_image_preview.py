"""Issue 13 point 6, before the save: choosing files on the item form shows them at
once, images as thumbnails with their name and size, and refuses a file the server
would refuse (wrong type, over the limit) with the server's own message, so it never
goes up. At desktop and phone sizes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from govdesk.items import attachments
from govdesk.items.models import Item
from tests.browser.conftest import loaded_width
from tests.browser.test_draft_attachments import _png
from tests.items import test_attachments

pytestmark = pytest.mark.browser

# Stored files land in the test's own directory, as in the attachment tests.
_media = test_attachments._media


def _server_says(name: str, content: bytes) -> str:
    try:
        attachments.inspect(SimpleUploadedFile(name, content))
    except ValidationError as error:
        return error.messages[0]
    raise AssertionError(f"the server accepts {name}")


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_chosen_images_show_at_once_and_refusals_use_the_servers_words(
    request, size, live_server, world, signed_in, screenshot, settings
):
    settings.GOVDESK_ATTACHMENT_LIMITS_MB = {**settings.GOVDESK_ATTACHMENT_LIMITS_MB, "image": 1}
    big = _png() + b"\x00" * (1_250_000)  # a PNG past the 1 MB image limit
    odd = "会议纪要要点整理稿。".encode() * 20
    page = signed_in(request.getfixturevalue(size), world.a_officer, "/items/new/")
    page.get_by_label("标题").fill("城关镇开展汛前河道清障")
    page.get_by_label("附件").set_input_files(
        [
            {"name": "清障现场.png", "mimeType": "image/png", "buffer": _png()},
            {"name": "大图.png", "mimeType": "image/png", "buffer": big},
            {"name": "说明.xyz", "mimeType": "application/octet-stream", "buffer": odd},
        ]
    )
    preview = page.locator("#files-preview")
    thumb = preview.locator("img.thumb")
    expect(thumb).to_have_attribute("alt", "清障现场.png")
    assert loaded_width(thumb) == 160
    assert thumb.get_attribute("src").startswith("blob:")
    expect(preview.locator("li")).to_have_count(1)
    expect(preview).to_contain_text("清障现场.png")
    expect(preview).to_contain_text(f"{max(1, round(len(_png()) / 1024))} KB")
    refused = page.locator("#files-refused li")
    expect(refused).to_have_text([_server_says("大图.png", big), _server_says("说明.xyz", odd)])
    assert refused.all_inner_texts() == [
        "“大图.png”大小为 1.2 MB，超过图片的上限 1 MB。",
        "无法识别“说明.xyz”的文件类型，请上传图片、音视频或常用文档。",
    ]
    expect(page.locator("#files-chosen")).to_have_text("已选 1 个文件（保存时上传）")
    assert page.locator("#id_files").evaluate("input => input.files.length") == 1
    screenshot(page, f"image-preview-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the form scrolls sideways ({width}px)"

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("article h1")).to_have_text("城关镇开展汛前河道清障")
    item = Item.objects.get()
    assert [a.original_name for a in item.attachments.all()] == ["清障现场.png"]
