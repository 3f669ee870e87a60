"""Messages that tell the truth and fixed dates (issue 13, points 11 and 12), in the
browser at desktop and phone size: the issuance result says the mail was not sent
when only the console got it; the message centre says what became of each mail;
the confirmed awards list shows the notice's fixed 成文日期 and a required 文号."""

import pytest
from playwright.sync_api import expect

from govdesk.accounts.services import accounts_issue_from_sheet
from govdesk.awards.services import evaluation_confirm
from govdesk.notifications.models import Kind
from govdesk.notifications.services import notify
from tests.accounts.test_issuance import GOOD_ROWS, sheet

pytestmark = pytest.mark.browser

CONSOLE = "django.core.mail.backends.console.EmailBackend"
UNSENT = "未发送：邮件未配置（只输出到控制台）"


def _size(page) -> str:
    return "phone" if page.viewport_size["width"] < 500 else "desktop"


def test_issuance_and_messages_say_the_mail_was_not_sent(
    any_page, world, settings, signed_in, screenshot, immediate_queue
):
    settings.EMAIL_BACKEND = CONSOLE
    batch = accounts_issue_from_sheet(actor=world.county_admin, file=sheet(*GOOD_ROWS)).batch
    page = signed_in(any_page, world.county_admin, f"/accounts/issue/{batch.pk}/")
    cells = page.locator("table.list tbody td", has_text=UNSENT)
    expect(cells).to_have_count(4)
    expect(page.locator("main")).not_to_contain_text("已发送")
    screenshot(page, f"truth-1-issue-result-{_size(page)}")

    world.county_admin.email = "wf@example.gov.cn"
    world.county_admin.save(update_fields=["email"])
    notify(user=world.county_admin, kind=Kind.ITEM_ADOPTED, title="《防汛》被采用", url="/")
    page.goto("/notifications/")
    expect(page.locator("table.list")).to_contain_text(f"邮件：{UNSENT}")
    screenshot(page, f"truth-2-messages-{_size(page)}")


def test_confirmed_list_shows_its_fixed_date_and_required_number(
    any_page,
    world,
    ready,
    signed_in,
    screenshot,
):
    confirmation = evaluation_confirm(actor=world.county_chief, scheme=ready)
    day = confirmation.written_on
    page = signed_in(any_page, world.county_chief, f"/awards/{ready.pk}/")
    expect(page.locator(".award-written-on")).to_have_text(
        f"表彰通报成文日期：{day.year}年{day.month}月{day.day}日（名单确认之日，每次下载都相同）"
    )
    number = page.get_by_label("表彰通报文号")
    expect(number).to_have_attribute("required", "")
    expect(page.locator("label[for=doc-number] .required-mark")).to_have_text("（必填）")
    screenshot(page, f"truth-3-awards-confirmed-{_size(page)}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page scrolls sideways ({width}px)"
