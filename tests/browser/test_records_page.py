"""往年台账导入 in a real browser, at desktop and phone sizes: the administrator uploads a
sheet with a mistake and watches its run's page until the worker has checked it (the
htmx poll), reads the problem, uploads the corrected sheet, and confirms the import;
each step is photographed (test-artifacts/records-*.png)."""

import pytest
from playwright.sync_api import expect

from govdesk.records import runs
from govdesk.records.models import ImportRun
from govdesk.units.models import Unit
from tests.records.test_import import NEW_TOWN, records_file

pytestmark = pytest.mark.browser
UPLOAD = "往年台账（.xlsx 或 .csv）"


@pytest.fixture
def worker(immediate_queue, settings, tmp_path):
    """Tasks run inline after the request commits; uploads go to a temporary directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }


def _file(tmp_path, name, sheets):
    path = tmp_path / name
    path.write_bytes(records_file(sheets).getvalue())
    return path


def administrator_moves_in(page, world, signed_in, screenshot, tmp_path, size, monkeypatch):
    signed_in(page, world.county_admin, "/records/import/")
    expect(page.locator("h1")).to_have_text("往年台账导入")
    screenshot(page, f"records-import-{size}")

    # The worker is busy: the upload waits in the queue and its page keeps asking.
    monkeypatch.setattr(runs, "_enqueue", lambda run: None)
    bad = _file(tmp_path, "有误.xlsx", {"单位": [{**NEW_TOWN, "单位类型": "村"}]})
    page.get_by_label(UPLOAD).set_input_files(str(bad))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("h1")).to_have_text("台账导入任务")
    expect(page.locator("#run-status")).to_contain_text("排队等待检查")
    expect(page.locator("#run-status")).to_contain_text("本页会自动更新")
    screenshot(page, f"records-queued-{size}")
    runs.import_run_work(run_id=ImportRun.objects.get().pk)  # the worker gets to it
    problems = page.locator(".issue-problems")
    expect(problems).to_contain_text("发现 1 处问题，未导入任何记录。")
    expect(problems).to_contain_text("“单位”表第 3 行“单位类型”列：“村”无法识别")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    screenshot(page, f"records-problems-{size}")
    monkeypatch.undo()

    page.goto("/records/import/")
    good = _file(tmp_path, "台账.xlsx", {"单位": [NEW_TOWN]})
    page.get_by_label(UPLOAD).set_input_files(str(good))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#run-status .msg-info")).to_contain_text(
        "检查通过，尚未导入。将新增：单位 1 条。"
    )
    screenshot(page, f"records-checked-{size}")
    assert not Unit.objects.filter(name="新安镇人民政府").exists()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#run-status .msg-success")).to_contain_text("已导入：单位 1 条。")
    screenshot(page, f"records-imported-{size}")
    assert Unit.objects.filter(name="新安镇人民政府").exists()

    page.goto("/records/import/")
    listing = page.locator("table.list")
    expect(listing).to_contain_text("台账.xlsx")
    expect(listing).to_contain_text("发现问题，未导入")
    screenshot(page, f"records-runs-{size}")
    assert page.problems.static() == []


def test_desktop(page, world, signed_in, screenshot, tmp_path, worker, monkeypatch):
    administrator_moves_in(page, world, signed_in, screenshot, tmp_path, "desktop", monkeypatch)


def test_phone(phone_page, world, signed_in, screenshot, tmp_path, worker, monkeypatch):
    administrator_moves_in(phone_page, world, signed_in, screenshot, tmp_path, "phone", monkeypatch)
