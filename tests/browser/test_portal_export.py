"""The portal's static copy opened from the file system in Chromium (issue 17 §5): the
home page, a column, an article with its picture and the stylesheet, by clicking."""

import pytest
from playwright.sync_api import expect

from govdesk.portal.export import site_export
from tests.browser.conftest import loaded_width
from tests.browser.test_phone_pages import _no_sideways_scroll, _size
from tests.portal.test_metadata import _article_from, _jpeg_with_gps

pytestmark = pytest.mark.browser


def test_the_static_copy_works_from_the_file_system(
    any_page,
    world,
    portal,
    media_storage,
    tmp_path,
    screenshot,
):
    article = _article_from(world, portal, [("现场照片.jpg", _jpeg_with_gps())])
    root = tmp_path / "copy"
    site_export(directory=root, base_url="https://www.example.gov.cn/")
    page, size = any_page, _size(any_page)
    page.goto((root / "index.html").as_uri())
    expect(page.get_by_role("heading", name="图片新闻")).to_be_visible()
    # The stylesheet loaded: the skip link sits off-screen until focused.
    assert page.get_by_role("link", name="跳到正文").bounding_box()["x"] < 0
    _no_sideways_scroll(page)
    screenshot(page, f"portal-export-home-{size}")

    page.get_by_role("link", name="图片新闻", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("图片新闻")
    assert page.url == (root / "c" / "tpxw.html").as_uri()
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    picture = page.get_by_alt_text(f"{article.title}（配图1）")
    expect(picture).to_be_visible()
    assert loaded_width(picture) > 0
    _no_sideways_scroll(page)
    screenshot(page, f"portal-export-article-{size}")
    page.get_by_role("link", name="首页").click()
    assert page.url == (root / "index.html").as_uri()
