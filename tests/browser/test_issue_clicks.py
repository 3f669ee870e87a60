"""Issue 13 point 4 in a real browser: a one-article issue goes from an adopted item to
a released PDF in at most 12 clicks — the editor picks it from a searchable list, the
distribution comes from the publication's default, the chief signs and releases from
the 工作台, each confirming its step. Every click and key press is counted; typing
into a field (fill) is not."""

import re

import pytest
from playwright.sync_api import expect

from govdesk.bulletins.models import Issue, IssueState
from govdesk.publications import services as publication_services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TITLE = "城关镇全力推进秋粮收购"
BUDGET = 12


class Clicks:
    """Counts every click and key press made through it."""

    def __init__(self):
        self.count = 0

    def click(self, locator, **options):
        self.count += 1
        locator.click(**options)


# The bulletin tests' fixture: an item adopted into 《快讯》·工作简况.


@pytest.fixture
def adopted_item(world, adopted):
    for n in range(12):  # enough other adopted items that the list pages
        adopted(title=f"城关镇第{n}条工作动态")
    item = adopted(title=TITLE)
    publication_services.publication_set_distribution(
        actor=world.county_chief,
        publication_id=world.kuaixun.pk,
        send_users=[world.county_leader],
        send_units=[world.city],
        copy_units=[world.town_a, world.town_b],
    )
    return item


def test_one_article_issue_to_released_pdf_within_twelve_clicks(
    page, world, adopted_item, signed_in, screenshot
):
    signed_in(page, world.county_editor)  # the editor starts at the 工作台
    clicks = Clicks()

    clicks.click(page.get_by_role("link", name="刊物", exact=True))
    clicks.click(page.get_by_role("button", name="新编一期"))
    expect(page.locator("h1")).to_contain_text("（未编号）")
    # The distribution is already the publication's default.
    expect(page.get_by_label(world.county_leader.full_name)).to_be_checked()
    expect(page.get_by_label("抄送河口乡")).to_be_checked()
    # htmx hears typing only once the page's scripts have run; a click returns as soon
    # as the next page starts loading, so a quick fill could go unheard.
    page.wait_for_load_state()
    page.get_by_label("搜索").fill("秋粮")  # htmx narrows the list as the editor types
    expect(page.locator("#pick-results tbody tr")).to_have_count(1)
    screenshot(page, "issue-clicks-1-pick-desktop")
    clicks.click(page.get_by_role("button", name=f"编入《{TITLE}》"))
    expect(page.locator(".bulletin-entry h2")).to_have_text(TITLE)
    screenshot(page, "issue-clicks-2-assembled-desktop")
    clicks.click(page.get_by_role("button", name="退出"))
    expect(page).to_have_url(re.compile("/accounts/login/"))

    page.get_by_label("用户名").fill(world.county_chief.username)
    page.get_by_label("密码").fill(PASSWORD)
    clicks.click(page.get_by_role("button", name="登录"))
    screenshot(page, "issue-clicks-3-chief-dashboard-desktop")
    clicks.click(page.get_by_role("link", name="《快讯》（未编号）"))
    clicks.click(page.get_by_role("button", name="签发", exact=True))
    clicks.click(page.get_by_role("dialog").get_by_role("button", name="确认签发"))
    expect(page.locator(".state")).to_have_text("已签发")
    clicks.click(page.get_by_role("button", name="印发", exact=True))
    clicks.click(page.get_by_role("dialog").get_by_role("button", name="确认印发"))
    expect(page.locator("h1")).to_contain_text("第1期")
    with page.expect_download(timeout=60_000) as download:
        # The PDF takes LibreOffice seconds to make: the download event, not the click,
        # waits for it.
        clicks.click(page.get_by_role("link", name="下载 PDF"), no_wait_after=True)
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    issue = Issue.objects.get()
    assert issue.state == IssueState.RELEASED
    assert [i.pk for e in issue.entries.all() for i in e.items.all()] == [adopted_item.pk]
    assert issue.recipients.count() == 4
    assert clicks.count == 11 <= BUDGET, f"{clicks.count} clicks (budget {BUDGET})"


def test_pick_list_filters_and_default_distribution_on_a_phone(
    phone_page, world, adopted_item, signed_in, screenshot
):
    phone = signed_in(
        phone_page, world.county_chief, f"/bulletins/publications/{world.kuaixun.pk}/"
    )
    # Select-all per group: every township copied in one tap.
    phone.get_by_label("抄送城关镇").uncheck()
    phone.get_by_role("group", name="乡镇/街道").get_by_label("全部抄送").check()
    expect(phone.get_by_label("抄送城关镇")).to_be_checked()
    screenshot(phone, "publication-settings-phone")
    phone.get_by_role("button", name="保存默认范围").click()
    expect(phone.locator(".messages")).to_contain_text("已保存《快讯》的默认分送范围")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"settings page scrolls sideways on a phone ({width}px)"

    phone.goto("/bulletins/")
    screenshot(phone, "bulletin-list-phone")
    phone.get_by_role("button", name="新编一期").click()
    expect(phone.locator("h1")).to_contain_text("（未编号）")
    phone.wait_for_load_state()  # as above: htmx listening before the typing
    phone.get_by_label("搜索").fill("第1")
    expect(phone.locator("#pick-results tbody tr")).to_have_count(3)  # 第1、10、11条
    phone.get_by_label("搜索").fill("")
    expect(phone.locator("#pick-results")).to_contain_text("第 1 / 2 页")
    phone.locator("#pick-results").get_by_role("link", name="下一页").click()
    expect(phone.locator("#pick-results")).to_contain_text("第 2 / 2 页")
    screenshot(phone, "issue-pick-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"issue page scrolls sideways on a phone ({width}px)"


def test_settings_page_at_desktop(page, world, adopted_item, signed_in, screenshot):
    signed_in(page, world.county_chief, "/bulletins/")
    screenshot(page, "bulletin-list-desktop")
    page.get_by_role("link", name="《快讯》（某县人民政府办公室）").click()
    expect(page.locator("h1")).to_have_text("《快讯》设置")
    expect(page.get_by_label("报送某市人民政府办公室")).to_be_checked()
    screenshot(page, "publication-settings-desktop")
    page.get_by_label("报送城关镇").check()
    page.get_by_role("button", name="保存默认范围").click()
    expect(page.locator(".msg-error")).to_have_text("城关镇不能既报送又抄送，请只选其一。")
    expect(page.get_by_label("报送城关镇")).to_be_checked()  # what was chosen is kept
