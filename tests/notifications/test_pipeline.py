"""The one outbound pipeline: one message through every channel on real sockets (an
aiosmtpd sink, local receivers for a signed JSON address and both robots) with its
delivery log read back; signed webhooks, resend, automatic disabling; digests; 催办
with its confirmation and rate limit."""

import hashlib
import hmac
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from govdesk.audit.models import Change
from govdesk.audit.services import record
from govdesk.lib import clock
from govdesk.notifications import digests
from govdesk.notifications.models import (
    ChannelKind,
    DailyDigest,
    Delivery,
    DeliveryStatus,
    Kind,
    Signature,
    Webhook,
)
from govdesk.notifications.receivers import SmtpSink, WebhookReceiver
from govdesk.notifications.services import Recipient, message_send, notify
from govdesk.solicitations import services as solicitations

pytestmark = pytest.mark.usefixtures("immediate_queue")
TZ = ZoneInfo("Asia/Shanghai")
SECRET = "s3cret-for-tests"


def verify(headers: dict, body: bytes, secret: str, now: float) -> bool:
    """The receiver's check, as docs/webhooks.md shows it."""
    timestamp = headers["X-GovDesk-Timestamp"]
    algorithm, _, given = headers["X-GovDesk-Signature"].partition("=")
    digest = {"hmac-sha256": "sha256", "hmac-sm3": "sm3"}[algorithm]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, digest).hexdigest()
    return abs(now - int(timestamp)) <= 300 and hmac.compare_digest(expected, given)


def hook(world, url, kind=ChannelKind.JSON, **fields):
    return Webhook.objects.create(
        office=world.county, name=f"县{kind}", kind=kind, url=url, **fields
    )


def test_one_message_through_every_channel_with_its_delivery_log(
    world, settings, login, django_capture_on_commit_callbacks
):
    chief = world.county_chief
    chief.email = "chief@county.gov.cn"
    chief.save(update_fields=["email"])
    with (
        SmtpSink() as sink,
        WebhookReceiver() as json_receiver,
        WebhookReceiver(robot="dingtalk", secret="SECding") as dingtalk,
        WebhookReceiver(robot="wecom") as wecom,
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        addresses = [
            hook(world, json_receiver.url, secret=SECRET),
            hook(world, dingtalk.url, ChannelKind.DINGTALK, secret="SECding"),
            hook(world, wecom.url, ChannelKind.WECOM),
        ]
        with django_capture_on_commit_callbacks(execute=True):
            message = message_send(
                recipients=[
                    Recipient(ChannelKind.INAPP, str(chief), user=chief),
                    Recipient(ChannelKind.EMAIL, chief.email, user=chief),
                    *[Recipient(h.kind, h.url, webhook=h) for h in addresses],
                ],
                kind=Kind.TEST,
                subject="全通道测试消息",
                text="请核对各通道是否收到。",
                url="/notifications/",
                office=world.county,
                sender=chief,
            )
        keys = {d.channel: d.key for d in message.deliveries.all()}
        assert sink.inbox.wait_for(1, timeout=10)
        assert set(sink.inbox.first_arrival()) == {keys["email"]}
        assert set(json_receiver.inbox.first_arrival()) == {keys["json"]}
        assert set(dingtalk.inbox.first_arrival()) == {keys["dingtalk"]}
        assert dingtalk.refused == 0  # 加签 checked as DingTalk computes it
        assert set(wecom.inbox.first_arrival()) == {keys["wecom"]}
        ((headers, raw),) = json_receiver.raw
        assert verify(headers, raw, SECRET, clock.now().timestamp())
        assert json.loads(raw)["subject"] == "全通道测试消息"

    log = {d.channel: d for d in message.deliveries.all()}
    assert {c: d.status for c, d in log.items()} == dict.fromkeys(
        ["inapp", "email", "json", "dingtalk", "wecom"], DeliveryStatus.SENT
    )
    assert log["json"].attempt_log.get().response_code == 200
    page = login(chief).get(f"/notifications/messages/{message.pk}/").content.decode()
    channels = (
        "站内消息",
        "电子邮件",
        "通用推送地址（JSON 格式）",
        "钉钉群机器人",
        "企业微信群机器人",
    )
    assert all(label in page for label in channels)
    assert page.count("已送达") == 5 and "响应码 200" in page
    # Someone who neither sent it nor configures the office cannot read the log.
    assert login(world.a_officer).get(f"/notifications/messages/{message.pk}/").status_code == 404


def test_an_event_reaches_each_subscribed_address_once_signed(
    world, django_capture_on_commit_callbacks
):
    with WebhookReceiver() as receiver:
        hook(world, receiver.url, secret=SECRET, events=["notice.issued"], alerts=False)
        hook(world, receiver.url + "?other", events=["award.confirmed"])  # not subscribed
        with django_capture_on_commit_callbacks(execute=True):
            change = record(
                actor=None, action="circular.issue", target=world.county, summary="印发通报"
            )
        ((headers, raw),) = receiver.raw
    body = json.loads(raw)
    assert body["event"] == "notice.issued" and body["change_id"] == change.pk
    assert body["office"] == {"id": world.county.pk, "name": world.county.name}
    assert headers["Idempotency-Key"] == body["idempotency_key"]
    assert verify(headers, raw, SECRET, clock.now().timestamp())
    assert not verify(headers, raw + b" ", SECRET, clock.now().timestamp())


def test_sm3_signature_is_the_gm_hmac():
    # SM3("abc") is the standard's own test vector (GB/T 32905-2016, appendix A).
    assert hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f462eeedd9d1f2d46bdc10e4e2")
    from govdesk.notifications.transports import signature_headers

    headers = signature_headers(Signature.HMAC_SM3, SECRET, b"{}")
    assert verify(headers, b"{}", SECRET, clock.now().timestamp())


def test_a_resend_keeps_the_key_and_a_failing_address_is_switched_off(
    world, settings, login, django_capture_on_commit_callbacks
):
    settings.GOVDESK_WEBHOOK_MAX_FAILURES = 2
    world.county_chief.email = "chief@county.gov.cn"
    world.county_chief.save(update_fields=["email"])
    with WebhookReceiver(fail=True) as dead:
        address = hook(world, dead.url, events=["notice.issued"], owner=world.county_chief)
        with django_capture_on_commit_callbacks(execute=True):
            record(actor=None, action="circular.issue", target=world.county, summary="印发通报")
        delivery = Delivery.objects.get(webhook=address)
        assert delivery.status == DeliveryStatus.RETRY
        assert delivery.attempt_log.get().response_code == 503
        client = login(world.county_chief)
        with django_capture_on_commit_callbacks(execute=True):
            page = client.post(
                f"/notifications/webhooks/{address.pk}/deliveries/{delivery.pk}/resend/",
                follow=True,
            ).content.decode()
        assert f"已重新推送（幂等键 {delivery.key} 不变）。" in page
        assert {k for k, _, _ in dead.inbox.arrivals} == set()  # it answers 503 every time
        assert len(dead.raw) == 2 and {h["Idempotency-Key"] for h, _ in dead.raw} == {delivery.key}
    address.refresh_from_db()
    assert not address.is_active and address.disabled_reason == "连续2次推送失败，已自动停用"
    told = Delivery.objects.get(
        user=world.county_chief, channel="inapp", message__kind=Kind.WEBHOOK_DISABLED
    )
    assert told.message.subject == f"推送地址“{address.name}”连续2次推送失败，已自动停用"
    assert Change.objects.filter(action="webhook.disabled").count() == 1
    assert Change.objects.get(action="webhook.resent").actor == world.county_chief
    assert login(world.a_officer).get(f"/notifications/webhooks/{address.pk}/").status_code == 403


def test_a_digest_reader_gets_one_mail_a_day(world, settings, django_capture_on_commit_callbacks):
    settings.GOVDESK_DIGEST_HOUR = 17
    officer = world.a_officer
    officer.email = "a@example.cn"
    officer.save(update_fields=["email"])
    DailyDigest.objects.create(user=officer)
    morning = datetime(2026, 7, 10, 9, tzinfo=TZ)
    with clock.frozen_at(morning), django_capture_on_commit_callbacks(execute=True):
        notify(user=officer, kind=Kind.ITEM_ADOPTED, title="《防汛》被采用", url="/items/")
        notify(user=officer, kind=Kind.ITEM_RETURNED, title="《夏收》被退回")
        assert digests.send_due() == 0  # before the digest hour
    assert not mail.outbox
    with (
        clock.frozen_at(morning.replace(hour=17)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert digests.send_due() == 1
        assert digests.send_due() == 0  # once a day
    (digest,) = mail.outbox
    assert digest.subject.endswith("每日消息摘要（07月10日，2条）")
    assert "《防汛》被采用" in digest.body and "《夏收》被退回" in digest.body
    held = Delivery.objects.filter(
        user=officer, channel="email", message__kind__in=["item_adopted", "item_returned"]
    )
    assert set(held.values_list("status", flat=True)) == {DeliveryStatus.DIGESTED}


def test_the_digest_choice_is_saved_from_the_message_page(world, login):
    client = login(world.a_officer)
    client.post("/notifications/preferences/", {"mail": ["item_adopted"], "digest": "daily"})
    assert DailyDigest.objects.filter(user=world.a_officer).exists()
    page = client.get("/notifications/").content.decode()
    assert 'value="daily" checked' in page
    client.post("/notifications/preferences/", {"mail": ["item_adopted"], "digest": "immediate"})
    assert not DailyDigest.objects.filter(user=world.a_officer).exists()


@pytest.fixture
def solicitation(world):
    return solicitations.solicitation_create(
        actor=world.county_editor,
        office=world.county,
        topic="夏粮收购",
        requirements="请报送收购进度。",
        deadline=clock.now() + timedelta(days=2),
        unit_ids=[world.town_a.pk, world.town_b.pk],
    )


def test_urging_a_solicitation_asks_first_tells_the_units_and_waits(
    world, solicitation, login, django_capture_on_commit_callbacks
):
    client = login(world.county_editor)
    url = f"/solicitations/{solicitation.pk}/urge/"
    page = client.post(url).content.decode()  # the confirmation step
    assert "确认催办" in page and not Change.objects.filter(action="solicitation.urged").exists()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert "已催办，已提醒城关镇人民政府、河口乡人民政府。" in page
    (message,) = {d.message for d in Delivery.objects.filter(message__kind=Kind.SOLICITATION_URGED)}
    told = set(message.deliveries.filter(channel="inapp").values_list("user__username", flat=True))
    assert {"a_officer", "b_officer"} <= told
    assert message.sender == world.county_editor
    log = client.get(f"/notifications/messages/{message.pk}/").content.decode()
    assert "站内消息" in log and str(world.a_officer) in log
    urged = Change.objects.get(action="solicitation.urged")
    page = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert (
        f"{world.county_editor}已于{urged.at.astimezone(TZ):%H:%M}催办，30分钟内不能重复催办，"
        f"请于{(urged.at + timedelta(minutes=30)).astimezone(TZ):%H:%M}后再试。"
    ) in page
    assert Change.objects.filter(action="solicitation.urged").count() == 1
    assert login(world.a_officer).post(url, {"confirmed": "1"}).status_code == 403
