"""Issue 5 in a real browser: a township officer files an emergency report at night,
the county board shows it with its countdown, the duty officer acknowledges it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from playwright.sync_api import expect

from govdesk.emergencies.models import Alert, EmergencyReport

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def immediate_queue():
    was, HUEY.immediate = HUEY.immediate, True
    yield
    HUEY.immediate = was


def test_officer_files_board_counts_down_duty_acknowledges(page, world, signed_in, screenshot):
    signed_in(page, world.a_officer, "/emergencies/new/")
    page.get_by_label("标题").fill("东河村山洪冲毁村道")
    occurred = timezone.localtime() - timedelta(minutes=40)
    page.get_by_label("事发时间").fill(f"{occurred:%Y-%m-%dT%H:%M}")
    page.get_by_label("接报时间").fill(f"{occurred + timedelta(minutes=10):%Y-%m-%dT%H:%M}")
    page.get_by_label("地点").fill("城关镇东河村")
    page.get_by_label("事件类别").select_option(label="自然灾害")
    page.get_by_label("事件级别").select_option(label="较大（Ⅲ级）")
    page.get_by_label("正文").fill("东河村突降暴雨引发山洪，冲毁村道300米，暂无人员伤亡。")
    page.get_by_label("伤亡情况").fill("暂无人员伤亡")
    screenshot(page, "emergency-1-officer-form")
    page.get_by_role("button", name="立即报送").click()
    expect(page.locator(".msg-success")).to_contain_text("首报已报送某县人民政府办公室")
    expect(page.locator("table").first).to_contain_text("待签发（已先行报送）")
    report = EmergencyReport.objects.get()
    assert not report.is_late  # 较大: 3 hours from the event (津政办发[2008]146号)
    page.get_by_role("button", name="退出").click()

    signed_in(page, world.county_duty, "/emergencies/")
    row = page.locator(f"tr[data-event='{report.event_id}']")
    expect(row).to_contain_text("东河村山洪冲毁村道")
    expect(row.locator(".countdown")).to_have_text(re.compile(r"剩余 \d+小时\d\d分"))
    expect(row).to_contain_text("无人确认")
    screenshot(page, "emergency-2-board")
    row.get_by_role("button", name="确认收到").click()
    expect(page.locator(f"tr[data-event='{report.event_id}']")).to_contain_text("郑浩")
    assert Alert.objects.get(recipient=world.county_duty).acknowledged_at is not None
    # The board refreshes itself: a new report appears without reloading.
    expect(page.locator("#board")).to_have_attribute("hx-trigger", "every 15s")
