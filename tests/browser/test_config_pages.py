"""配置管理 in a real browser, at desktop and phone sizes: the chief editor changes the
quarterly split in four boxes and copies last week's roster; the administrator enters
a holiday; each settings page is photographed (test-artifacts/config-*.png)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from govdesk.accounts.models import Role
from govdesk.accounts.services import membership_grant
from govdesk.emergencies.models import DutyRoster
from govdesk.lib import clock
from govdesk.scoring.models import Scheme

pytestmark = pytest.mark.browser

CHIEF_PAGES = {
    "hub": "/config/",
    "schemes": "/scoring/schemes/",
    "alerts": "/emergencies/alerts/",
    "rosters": "/emergencies/duty/rosters/",
    "words": "/quality/words/",
}
ADMIN_PAGES = {"calendar": "/annotations/calendar/", "units": "/units/"}


@pytest.fixture
def office(busy_world):
    w = busy_world
    membership_grant(actor=None, user=w.county_chief, unit=w.county, role=Role.CHIEF)
    membership_grant(actor=None, user=w.county_admin, unit=w.county, role=Role.ADMIN)
    return w


def chief_sets_the_quarterly_split_and_copies_the_roster(page, office, signed_in, screenshot, size):
    signed_in(page, office.county_chief)
    for name, path in CHIEF_PAGES.items():
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        screenshot(page, f"config-{name}-{size}")
    scheme = Scheme.objects.get(office=office.county)
    page.goto(f"/scoring/schemes/{scheme.pk}/")
    for box, share in zip(("一季度", "二季度", "三季度", "四季度"), (30, 30, 30, 30), strict=True):
        page.get_by_label(f"{box}（%）").fill(str(share))
    page.get_by_role("button", name="保存设置").click()
    expect(page.locator(".errorlist").first).to_contain_text("四个季度合计须为100%，现为120%。")
    page.get_by_label("四季度（%）").fill("10")
    screenshot(page, f"config-scheme-settings-{size}")
    page.get_by_role("button", name="保存设置").click()
    expect(page.locator(".msg-success")).to_contain_text("计分已按新设置重算")
    scheme.refresh_from_db()
    assert scheme.quarter_shares == [30, 30, 30, 10]

    page.goto(f"/emergencies/alerts/{office.county.pk}/")
    expect(page.get_by_label("加签密钥")).to_be_visible()
    screenshot(page, f"config-alert-office-{size}")

    page.goto("/emergencies/duty/rosters/")
    page.get_by_role("link", name="下一周").click()
    page.get_by_role("link", name="复制上周值班表").click()
    expect(page.locator(".msg-info")).to_contain_text("核对后保存才生效")
    page.get_by_role("button", name="保存值班表").click()
    expect(page.locator(".msg-success")).to_contain_text("已保存7天的值班安排")
    today = timezone.localdate(clock.now())
    assert DutyRoster.objects.filter(unit=office.county, day__gt=today).count() >= 7


def administrator_enters_a_holiday(page, office, signed_in, screenshot, size):
    signed_in(page, office.county_admin)
    for name, path in ADMIN_PAGES.items():
        page.goto(path)
        screenshot(page, f"config-{name}-{size}")
    page.goto(f"/units/{office.town_a.pk}/settings/")
    screenshot(page, f"config-unit-settings-{size}")
    page.goto("/annotations/calendar/?year=2031")
    page.get_by_label("开始日期").fill("2031-10-01")
    page.get_by_label("结束日期").fill("2031-10-07")
    page.get_by_label("说明").fill("国庆节")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".msg-success")).to_contain_text("已登记7天。")
    expect(page.locator("table")).to_contain_text("国庆节")
    screenshot(page, f"config-calendar-filled-{size}")


# The page fixtures are named, not looked up: live_server must be known before the
# database is set up, so that the test runs outside a transaction.
def test_the_chief_sets_the_quarterly_split_and_copies_the_roster(
    page, office, signed_in, screenshot
):
    chief_sets_the_quarterly_split_and_copies_the_roster(
        page, office, signed_in, screenshot, "desktop"
    )


def test_the_chief_does_the_same_on_a_phone(phone_page, office, signed_in, screenshot):
    chief_sets_the_quarterly_split_and_copies_the_roster(
        phone_page, office, signed_in, screenshot, "phone"
    )


def test_the_administrator_enters_a_holiday(page, office, signed_in, screenshot):
    administrator_enters_a_holiday(page, office, signed_in, screenshot, "desktop")


def test_the_administrator_does_the_same_on_a_phone(phone_page, office, signed_in, screenshot):
    administrator_enters_a_holiday(phone_page, office, signed_in, screenshot, "phone")
