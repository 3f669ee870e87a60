"""At-least-once delivery: an attempt row before every send, backoff retries, one
channel's failure never holding up another, no double send when a worker dies
between sending and recording."""

from datetime import timedelta

import pytest
from django.core import mail

from govdesk.notifications import delivery as deliveries
from govdesk.notifications.models import Delivery, DeliveryAttempt, DeliveryStatus
from govdesk.notifications.receivers import WebhookReceiver
from tests.emergencies.conftest import NIGHT


def test_every_alert_is_mailed_with_its_idempotency_key(desk):
    report = desk.file(NIGHT)

    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"county_duty@county.gov.cn", "county_leader@county.gov.cn"}
    d = Delivery.objects.get(target="county_duty@county.gov.cn")
    assert d.status == DeliveryStatus.SENT and d.sent_at == NIGHT
    assert sent[d.target].extra_headers["Message-ID"] == f"<{d.key}@govdesk>"
    assert "【紧急信息·首报】城关镇人民政府" in sent[d.target].subject
    assert report.item.body in sent[d.target].body
    assert list(d.attempt_log.values_list("number", "ok")) == [(1, True)]


def test_mail_a_console_backend_only_printed_is_recorded_as_not_sent(desk, settings, login, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    report = desk.file(NIGHT)

    mails = Delivery.objects.filter(channel="email")
    assert {(d.status, d.last_error, d.sent_at) for d in mails} == {
        (DeliveryStatus.UNSENT, "未发送：邮件未配置（只输出到控制台）", None)
    }
    page = login(world.county_duty).get(f"/emergencies/events/{report.event_id}/")
    assert page.content.decode().count("未发送：邮件未配置") == 4  # status and reason, twice
    assert "已送达" not in page.content.decode()


@pytest.mark.parametrize("kind", ["json", "dingtalk", "wecom"])
def test_webhooks_get_their_own_format(desk, webhook, kind):
    with WebhookReceiver() as receiver:
        webhook(receiver.url, kind)
        desk.file(NIGHT)
    ((key, _, body),) = receiver.inbox.arrivals
    assert key == Delivery.objects.get(channel=kind).key
    if kind == "json":
        assert body["idempotency_key"] == key and body["event"]["unit"] == "城关镇人民政府"
    else:
        assert body["msgtype"] == "markdown" and key in str(body["markdown"])


def test_a_failing_webhook_does_not_hold_up_the_mail(desk, webhook):
    with WebhookReceiver(fail=True) as dead:
        webhook(dead.url)
        desk.file(NIGHT)

    hook = Delivery.objects.get(channel="json")
    assert hook.status == DeliveryStatus.RETRY and hook.attempts == 1
    assert hook.next_attempt_at == NIGHT + timedelta(seconds=15)
    assert "503" in hook.last_error
    mails = Delivery.objects.filter(channel="email")
    assert {d.status for d in mails} == {DeliveryStatus.SENT} and len(mail.outbox) == 2
    assert {d.sent_at for d in mails} == {NIGHT}


def test_a_dead_webhook_is_retried_with_backoff_then_given_up(desk, webhook):
    with WebhookReceiver(fail=True) as dead:
        webhook(dead.url)
        desk.file(NIGHT)
        hook = Delivery.objects.get(channel="json")
        at = NIGHT
        for _ in range(deliveries.MAX_ATTEMPTS - 1):
            hook.refresh_from_db()
            at = hook.next_attempt_at
            desk.scan(at)
    hook.refresh_from_db()
    assert hook.status == DeliveryStatus.FAILED and hook.attempts == deliveries.MAX_ATTEMPTS
    assert (
        DeliveryAttempt.objects.filter(delivery=hook, ok=False).count() == deliveries.MAX_ATTEMPTS
    )
    gaps = [deliveries.backoff(n) for n in range(1, 4)]
    assert gaps == [15, 60, 300]


def test_a_worker_dying_between_sending_and_recording_does_not_send_twice(
    desk, webhook, monkeypatch, settings
):
    class WorkerKilled(BaseException):
        pass

    recorded = deliveries.record_sent

    def die(delivery, *args):
        if delivery.channel == "json":  # the worker dies right after the webhook took it
            raise WorkerKilled
        recorded(delivery, *args)

    with WebhookReceiver() as receiver:
        webhook(receiver.url)
        monkeypatch.setattr(deliveries, "record_sent", die)
        with pytest.raises(WorkerKilled):
            desk.file(NIGHT)
        monkeypatch.undo()
        hook = Delivery.objects.get(channel="json")
        assert hook.status == DeliveryStatus.SENDING  # sent, but the worker never said so

        desk.scan(NIGHT + timedelta(seconds=60))  # the lease still holds: nobody resends
        assert len(receiver.inbox.arrivals) == 1
        desk.scan(NIGHT + timedelta(seconds=settings.GOVDESK_DELIVERY_LEASE_SECONDS + 1))

    hook.refresh_from_db()
    assert hook.status == DeliveryStatus.SENT and hook.attempts == 2
    keys = [key for key, _, _ in receiver.inbox.arrivals]
    assert keys == [hook.key, hook.key]  # sent again with the same key ...
    assert list(receiver.inbox.first_arrival()) == [hook.key]  # ... so it counts once
    assert list(hook.attempt_log.values_list("ok", flat=True)) == [None, True]


def test_two_workers_never_send_the_same_delivery_at_once(desk, webhook):
    with WebhookReceiver(fail=True) as dead:
        webhook(dead.url)
        desk.file(NIGHT)
    hook = Delivery.objects.get(channel="json")
    Delivery.objects.filter(pk=hook.pk).update(
        status=DeliveryStatus.SENDING, lease_until=NIGHT + timedelta(minutes=2)
    )
    assert deliveries.attempt(delivery_id=hook.pk) is None
    assert hook.attempt_log.count() == 1
