"""Issue 13 point 9, the last of the office's settings out of the admin, in a real
browser at desktop and phone sizes: 刊物与栏目 (a publication's name, its columns
added, moved, renamed, retired), 计分规则 (the seed's rules as a table, points changed
after a confirmation that says the year is rebuilt), and the adoption dialog's 约稿
note (issue 18 point 4)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from govdesk.lib import clock
from govdesk.publications.models import Column
from govdesk.scoring.services import scheme_install_preset
from govdesk.solicitations import services as solicitations

pytestmark = pytest.mark.browser
SIZES = ["page", "phone_page"]


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways ({width}px)"


def _nav(page, label: str) -> None:
    """Follow a navigation entry (behind 菜单 on a phone)."""
    menu = page.get_by_role("button", name="菜单")
    if menu.is_visible():
        menu.click()
    page.locator("nav").get_by_role("link", name=label).click()


@pytest.mark.parametrize("size", SIZES)
def test_the_chief_keeps_the_publication_and_its_columns(
    request, size, live_server, world, signed_in, screenshot
):
    page = signed_in(request.getfixturevalue(size), world.county_chief)
    _nav(page, "刊物与栏目")
    expect(page.locator("h1")).to_have_text("刊物与栏目")
    screenshot(page, f"office-settings-1-publications-{size}")
    _fits(page)
    page.locator("tr", has_text="《快讯》").get_by_role("link", name="名称与栏目").click()
    page.get_by_label("栏目名称").fill("重要会议")
    page.get_by_role("button", name="新增栏目").click()
    expect(page.locator(".msg-success")).to_have_text("已新增栏目“重要会议”，排在最后。")
    rows = page.locator(".columns-table tbody tr")
    rows.nth(1).get_by_role("button", name="上移").click()
    expect(page.locator(".columns-table tbody tr").first.locator("input[name=name]")).to_have_value(
        "重要会议"
    )
    first = page.locator(".columns-table tbody tr").first
    first.locator("input[name=name]").fill("会议活动")
    first.get_by_role("button", name="改名").click()
    expect(page.locator(".msg-success")).to_have_text("栏目“重要会议”已改名为“会议活动”。")
    page.locator(".columns-table tbody tr").nth(1).get_by_role("button", name="停用").click()
    expect(page.locator(".msg-success")).to_contain_text("已停用栏目“工作简况”")
    page.get_by_label("刊物名称").fill("政务快讯")
    page.get_by_role("button", name="保存名称").click()
    expect(page.locator("h1")).to_have_text("某县人民政府办公室 《政务快讯》")
    screenshot(page, f"office-settings-2-columns-{size}")
    _fits(page)
    columns = Column.objects.filter(publication=world.kuaixun).order_by("sort_order")
    assert [(c.name, c.is_active) for c in columns] == [("会议活动", True), ("工作简况", False)]


@pytest.mark.parametrize("size", SIZES)
def test_the_chief_changes_a_rules_points_after_a_confirmation(
    request, size, live_server, world, signed_in, screenshot
):
    scheme = scheme_install_preset(
        actor=None, office=world.county, year=clock.now().year, preset="county"
    )
    page = signed_in(request.getfixturevalue(size), world.county_chief)
    _nav(page, "考核方案与规则")
    page.get_by_role("link", name="计分规则").click()
    expect(page.locator(".effect-hint")).to_contain_text("改动会重算本年度分数")
    screenshot(page, f"office-settings-3-rules-{size}")
    _fits(page)
    page.get_by_label("《专报信息》专题类信息分值").fill("8")
    page.get_by_role("button", name="保存分值").click()
    expect(page.locator(".confirm-lines")).to_contain_text("“《专报信息》专题类信息”：7分 → 8分")
    expect(page.locator(".confirm-lines")).to_contain_text(
        f"改动会重算{scheme.year}年度分数：各单位的计分明细、排名和通报按新分值重新计算。"
    )
    screenshot(page, f"office-settings-4-confirm-{size}")
    page.get_by_role("button", name="确认修改并重算").click()
    expect(page.locator(".msg-success")).to_have_text("已修改1条规则的分值，本年度分数已重算。")
    assert scheme.rules.get(label="《专报信息》专题类信息").points == Decimal(8)


@pytest.mark.parametrize("size", SIZES)
def test_the_adoption_dialog_names_the_solicitation(
    request, size, live_server, world, signed_in, screenshot
):
    scheme_install_preset(actor=None, office=world.county, year=clock.now().year, preset="county")
    asked = solicitations.solicitation_create(
        actor=world.county_editor,
        office=world.county,
        topic="春耕生产",
        requirements="",
        deadline=datetime(2099, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai")),
        unit_ids=[world.town_a.pk],
    )
    item = world.submitted(title="城关镇春耕简况")
    solicitations.solicitation_answer(
        actor=world.a_officer, solicitation_id=asked.pk, item_id=item.pk
    )
    page = signed_in(request.getfixturevalue(size), world.county_editor, f"/items/{item.pk}/")
    page.get_by_role("button", name="采用", exact=True).click()
    note = page.locator("#dlg-adopt .solicited-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("本信息回应约稿“春耕生产”。")
    expect(note).to_contain_text("无论选择哪种采用类型，都按约稿计分（每条3分）")
    expect(note).to_contain_text("依据：政务信息通报范文2 二(二)1：以上栏目采用约稿信息1条，计3分")
    screenshot(page, f"office-settings-5-adopt-dialog-{size}", full_page=False)
