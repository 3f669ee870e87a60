"""Phones (issue 13, point 8) and figures that explain themselves (point 10): the 批示
form's units in a collapsed, searchable picker; wide tables as stacked cards with
each cell named; who is signed in shown in the header; the ranking chart naming
every unit. Each page is photographed at desktop and phone size."""

import pytest
from playwright.sync_api import expect

from govdesk.annotations.models import SupervisionTask
from govdesk.scoring.selectors import RATE_DEFINITION

pytestmark = pytest.mark.browser


def _size(page) -> str:
    return "phone" if page.viewport_size["width"] < 500 else "desktop"


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page scrolls sideways ({width}px)"


def test_annotation_units_in_a_searchable_picker(any_page, world, signed_in, screenshot):
    item = world.submitted()
    page = signed_in(any_page, world.county_editor, f"/annotations/item/{item.pk}/new/")
    picker = page.locator("[data-unit-picker]")
    summary = picker.locator("summary")
    expect(summary).to_contain_text("已选 1 个：城关镇人民政府")
    expect(picker.get_by_label("河口乡人民政府")).to_be_hidden()  # folded: one line
    assert picker.bounding_box()["height"] < 80
    screenshot(page, f"picker-1-folded-{_size(page)}")

    summary.click()
    picker.get_by_label("筛选单位").fill("hkx")  # 河口乡's initials
    expect(picker.locator(".unit-picker-list label:visible")).to_have_count(1)
    picker.get_by_label("河口乡人民政府").check()
    expect(summary).to_contain_text("已选 2 个：城关镇人民政府、河口乡人民政府")
    picker.get_by_label("筛选单位").fill("没有这个单位")
    expect(picker.locator(".unit-picker-none")).to_have_text("没有符合的单位")
    picker.get_by_label("筛选单位").fill("")
    screenshot(page, f"picker-2-open-{_size(page)}")
    _no_sideways_scroll(page)

    page.get_by_label("批示内容").fill("请两镇乡总结经验并反馈落实情况。")
    page.get_by_label("需承办单位落实并反馈（督办）").check()
    page.get_by_label("领导姓名职务").fill("县长 张明")
    page.get_by_label("领导层级").select_option(label="县级")
    page.get_by_label("依据").fill("纸质批件")
    page.get_by_role("button", name="提交批示").click()
    expect(page.locator(".messages")).to_contain_text("批示已录入")
    units = {task.unit for task in SupervisionTask.objects.all()}
    assert units == {world.town_a, world.town_b}

    page.goto("/annotations/supervision/")
    rows = page.locator("table.cards tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first.locator("td").nth(2)).to_have_attribute("data-label", "承办单位")
    screenshot(page, f"picker-3-supervision-{_size(page)}")
    _no_sideways_scroll(page)

    page.goto(f"/annotations/supervision/{SupervisionTask.objects.order_by('pk')[0].pk}/")
    page.get_by_role("button", name="催办").click()
    page.locator("dialog#dlg-urge").get_by_role("button", name="确认催办").click()
    expect(page.locator(".messages")).to_contain_text("已催办，已提醒")
    screenshot(page, f"supervision-urged-{_size(page)}")


def test_ranking_as_cards_with_the_rate_explained(
    any_page,
    world,
    scored,
    signed_in,
    screenshot,
):
    page = signed_in(any_page, world.county_editor, f"/scoring/{scored.pk}/ranking/?month=3")
    who = page.locator(".userbox .who")
    expect(who).to_be_visible()
    expect(who).to_contain_text(world.county_editor.full_name)
    expect(who.locator("small")).to_contain_text("编辑")
    row = page.locator("table.ranking tbody tr", has_text="城关镇")
    unit = row.locator("td[data-label=单位]")
    expect(unit).to_contain_text("城关镇")
    expect(row.locator("td[data-label=采用率]")).to_have_text("50.0%")
    expect(page.locator(".rate-definition")).to_have_text(RATE_DEFINITION)
    heading = page.locator("table.ranking thead")
    if _size(page) == "phone":
        expect(heading).to_be_hidden()  # a card per unit, each cell named
        label = unit.evaluate("el => getComputedStyle(el, '::before').content")
        assert label == '"单位"'
    else:
        expect(heading).to_be_visible()
    screenshot(page, f"ranking-{_size(page)}")
    _no_sideways_scroll(page)

    page.goto(f"/scoring/{scored.pk}/notice/?month=3")
    chart = page.locator("#chart-ranking canvas")
    expect(chart).to_be_visible()
    axis = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-ranking'))"
        ".getOption().yAxis[0].axisLabel"
    )
    assert (axis["interval"], axis["overflow"]) == (0, "truncate")
    units = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-ranking'))"
        ".getOption().yAxis[0].data"
    )
    assert units[-1] == "城关镇"  # first place, drawn at the top, is labelled too
    screenshot(page, f"notice-{_size(page)}")
    _no_sideways_scroll(page)


def test_solicitation_units_in_the_same_picker(any_page, world, signed_in, screenshot):
    page = signed_in(any_page, world.county_editor, "/solicitations/new/")
    picker = page.locator("[data-unit-picker]")
    expect(picker.locator("summary")).to_contain_text("未选单位")
    picker.locator("summary").click()
    picker.get_by_role("button", name="全选列出的单位").click()
    count = picker.locator("input[type=checkbox]").count()
    expect(picker.locator("summary")).to_contain_text(f"已选 {count} 个：")
    picker.get_by_role("button", name="全部取消").click()
    expect(picker.locator("summary")).to_contain_text("未选单位")
    screenshot(page, f"picker-4-solicitation-{_size(page)}")
    _no_sideways_scroll(page)
