"""The outbound pipeline's pages in the browser at desktop and phone size: the inbox
with the digest choice, the sent list and one message's delivery log, a push
address's page, and the 催办 confirmation on a solicitation."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from govdesk.lib import clock
from govdesk.notifications.models import ChannelKind, Kind, Webhook
from govdesk.notifications.services import Recipient, message_send
from govdesk.solicitations.services import solicitation_create

pytestmark = pytest.mark.browser


@pytest.fixture(params=["page", "phone_page"])
def any_page(request):
    return request.getfixturevalue(request.param)


def _size(page) -> str:
    return "phone" if page.viewport_size["width"] < 500 else "desktop"


def test_delivery_log_pages(any_page, world, signed_in, screenshot, immediate_queue):
    chief = world.county_chief
    address = Webhook.objects.create(
        office=world.county,
        name="县数据平台",
        kind=ChannelKind.JSON,
        url="http://127.0.0.1:8159/hook",  # nobody listens: the log shows the failure
        events=["item.adopted", "notice.issued"],
        secret="s",
    )
    message = message_send(
        recipients=[
            Recipient(ChannelKind.INAPP, str(chief), user=chief),
            Recipient(ChannelKind.JSON, address.url, webhook=address),
        ],
        kind=Kind.TEST,
        subject="通道测试：县数据平台",
        text="测试消息",
        url="/notifications/",
        office=world.county,
        sender=chief,
    )
    page = signed_in(any_page, chief, "/notifications/")
    expect(page.locator("main")).to_contain_text("每天汇总为一封摘要邮件")
    screenshot(page, f"pipeline-1-inbox-{_size(page)}")
    page.goto("/notifications/sent/")
    expect(page.locator("main")).to_contain_text("通道测试：县数据平台")
    screenshot(page, f"pipeline-2-sent-{_size(page)}")
    page.goto(f"/notifications/messages/{message.pk}/")
    expect(page.locator("main")).to_contain_text("等待重试")
    expect(page.locator("main")).to_contain_text("已送达")
    screenshot(page, f"pipeline-3-log-{_size(page)}")
    page.goto(f"/notifications/webhooks/{address.pk}/")
    expect(page.locator("main")).to_contain_text("信息采用、通报印发")
    screenshot(page, f"pipeline-4-webhook-{_size(page)}")


def test_urge_asks_first(any_page, world, signed_in, screenshot):
    solicitation = solicitation_create(
        actor=world.county_editor,
        office=world.county,
        topic="夏粮收购",
        requirements="请报送收购进度。",
        deadline=clock.now() + timedelta(days=2),
        unit_ids=[world.town_a.pk],
    )
    page = signed_in(any_page, world.county_editor, f"/solicitations/{solicitation.pk}/")
    page.get_by_role("button", name="催办").click()
    dialog = page.locator("dialog#dlg-urge")
    expect(dialog).to_contain_text("将立即提醒尚未回应的1个单位（城关镇人民政府）")
    screenshot(page, f"pipeline-5-urge-{_size(page)}", full_page=False)
