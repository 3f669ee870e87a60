"""The office's similarity page in a real browser, at desktop and phone sizes: a copy
between two townships is listed as a pair (疑似雷同) and grouped, an unrelated item is
not, and "不是重复" takes the pair off the page."""

import pytest
from playwright.sync_api import expect

from tests.search.test_duplicates import BODY, OTHER

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_a_copy_is_paired_and_can_be_marked(
    request, size, live_server, world, signed_in, screenshot
):
    world.submitted(title="城关镇部署防汛", body=BODY)
    world.submitted(
        unit=world.town_b,
        by=world.b_officer,
        title="河口乡部署防汛",
        body=BODY.replace("城关镇", "河口乡"),
    )
    world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡丰收节", body=OTHER)
    page = signed_in(
        request.getfixturevalue(size), world.county_editor, f"/search/similar/{world.county.pk}/"
    )
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("城关镇部署防汛")
    expect(rows.first).to_contain_text("河口乡部署防汛")
    expect(rows.first).to_contain_text("疑似雷同")
    expect(page.locator("main")).not_to_contain_text("河口乡丰收节")
    expect(page.get_by_role("heading", name="疑似重复或雷同（1 组）")).to_be_visible()
    screenshot(page, f"similarity-page-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"scrolls sideways ({width}px)"
    rows.first.get_by_role("button", name="不是重复").click()
    expect(page.locator("table.list tbody tr")).to_have_text(["无"])
    expect(page.get_by_role("heading", name="疑似重复或雷同（0 组）")).to_be_visible()
