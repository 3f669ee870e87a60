"""The public portal in a browser at desktop and phone size (issue 17): an anonymous
visitor finds a published article from the home page, its column and the search,
with a keyboard-reachable skip link, the larger-type switch and the picture's alt
text; withdrawal leaves a 410 notice. The portal desk is photographed too."""

import pytest
from playwright.sync_api import expect

from govdesk.portal import services
from tests.browser.test_phone_pages import _no_sideways_scroll, _size
from tests.portal.test_metadata import _article_from, _jpeg_with_gps

pytestmark = pytest.mark.browser
TITLE = "城关镇召开防汛工作部署会"


def test_visitor_finds_the_article_then_it_is_withdrawn(
    any_page,
    world,
    portal,
    media_storage,
    screenshot,
    signed_in,
):
    article = _article_from(world, portal, [("现场照片.jpg", _jpeg_with_gps())])
    page, size = any_page, _size(any_page)
    page.goto("/portal/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("跳到正文")
    expect(page.get_by_role("heading", name="图片新闻")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, f"portal-home-{size}")

    page.get_by_role("link", name="图片新闻", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("图片新闻")
    _no_sideways_scroll(page)
    screenshot(page, f"portal-column-{size}")

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("来源：城关镇人民政府")).to_be_visible()
    expect(page.get_by_alt_text(f"{TITLE}（配图1）")).to_be_visible()
    page.get_by_role("link", name="大字版").click()
    expect(page.locator("body")).to_have_class("large")
    _no_sideways_scroll(page)
    screenshot(page, f"portal-article-large-{size}")
    page.get_by_role("link", name="标准字号").click()
    screenshot(page, f"portal-article-{size}")

    page.get_by_label("站内搜索").fill("防汛")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    signed_in(page, world.county_web, "/portal/desk/")
    expect(page.get_by_role("heading", name="栏目更新情况")).to_be_visible()
    _no_sideways_scroll(page)
    screenshot(page, f"portal-desk-{size}")

    services.article_withdraw(actor=world.county_web, article_id=article.pk, reason="数据有误")
    answer = page.goto(f"/portal/a/{article.pk}/")
    assert answer.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("文章已撤下")
    page.goto("/portal/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
