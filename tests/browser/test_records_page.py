"""往年台账导入 in a real browser, at desktop and phone sizes: the administrator uploads a
sheet with a mistake, reads the problem, uploads the corrected sheet and imports it;
each step is photographed (test-artifacts/records-*.png)."""

import pytest
from playwright.sync_api import expect

from govdesk.units.models import Unit
from tests.records.test_import import NEW_TOWN, records_file

pytestmark = pytest.mark.browser


def _file(tmp_path, name, sheets):
    path = tmp_path / name
    path.write_bytes(records_file(sheets).getvalue())
    return path


def administrator_moves_in(page, world, signed_in, screenshot, tmp_path, size):
    signed_in(page, world.county_admin)
    page.goto("/records/import/")
    expect(page.locator("h1")).to_have_text("往年台账导入")
    screenshot(page, f"records-import-{size}")

    bad = _file(tmp_path, "有误.xlsx", {"单位": [{**NEW_TOWN, "单位类型": "村"}]})
    page.get_by_label("往年台账（.xlsx 或 .csv）").set_input_files(str(bad))
    page.get_by_role("button", name="只检查").click()
    problems = page.locator(".issue-problems")
    expect(problems).to_contain_text("发现 1 处问题，未导入任何记录。")
    expect(problems).to_contain_text("“单位”表第 3 行“单位类型”列：“村”无法识别")
    screenshot(page, f"records-problems-{size}")

    good = _file(tmp_path, "台账.xlsx", {"单位": [NEW_TOWN]})
    page.get_by_label("往年台账（.xlsx 或 .csv）").set_input_files(str(good))
    page.get_by_role("button", name="只检查").click()
    expect(page.locator(".msg-info")).to_contain_text("检查通过，尚未导入。将新增：单位 1 条。")
    screenshot(page, f"records-checked-{size}")
    page.get_by_label("往年台账（.xlsx 或 .csv）").set_input_files(str(good))
    page.get_by_role("button", name="检查并导入").click()
    expect(page.locator(".msg-success")).to_contain_text("已导入：单位 1 条。")
    expect(page.locator("table.list")).to_contain_text("台账.xlsx")
    screenshot(page, f"records-imported-{size}")
    assert Unit.objects.filter(name="新安镇人民政府").exists()
    assert page.problems.static() == []


def test_desktop(page, world, signed_in, screenshot, tmp_path):
    administrator_moves_in(page, world, signed_in, screenshot, tmp_path, "desktop")


def test_phone(phone_page, world, signed_in, screenshot, tmp_path):
    administrator_moves_in(phone_page, world, signed_in, screenshot, tmp_path, "phone")
