"""DingTalk and WeCom group robots as they really behave: 加签, 20 messages a minute
then throttling, @-mentions by mobile; a burst of alerts reaches the group in
summary messages within the robot's rate, none lost."""

import json
from datetime import timedelta

import pytest

from govdesk.audit.models import Change
from govdesk.emergencies import alerting
from govdesk.emergencies.models import Severity
from govdesk.notifications.models import Delivery, DeliveryStatus
from govdesk.notifications.receivers import WebhookReceiver
from govdesk.search import tasks as search_tasks
from tests.emergencies.conftest import NIGHT

SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"


class Moment:
    """The robot's clock, kept with the frozen service clock the test moves."""

    def __init__(self, at):
        self.at = at

    def __call__(self) -> float:
        return self.at.timestamp()


def robot(webhook, receiver, kind="dingtalk", secret=""):
    hook = webhook(receiver.url, kind)
    hook.secret = secret
    hook.save()
    return hook


def test_a_signing_robot_takes_a_signed_alert(desk, webhook):
    with WebhookReceiver(robot="dingtalk", secret=SECRET, clock=Moment(NIGHT)) as receiver:
        robot(webhook, receiver, secret=SECRET)
        desk.file(NIGHT)

    d = Delivery.objects.get(channel="dingtalk")
    assert d.status == DeliveryStatus.SENT
    assert list(receiver.inbox.first_arrival()) == [d.key] and receiver.refused == 0


def test_a_wrong_secret_is_refused_and_retried_later(desk, webhook):
    with WebhookReceiver(robot="dingtalk", secret=SECRET, clock=Moment(NIGHT)) as receiver:
        robot(webhook, receiver, secret=SECRET[:-1] + "x")
        desk.file(NIGHT)

    d = Delivery.objects.get(channel="dingtalk")
    assert receiver.refused == 1 and not receiver.inbox.arrivals
    assert d.status == DeliveryStatus.RETRY and d.next_attempt_at == NIGHT + timedelta(seconds=15)
    assert d.last_error == "机器人拒收（310000）：sign not match"


@pytest.mark.parametrize(
    ("kind", "code", "wait"), [("dingtalk", 130101, 600), ("wecom", 45009, 60)]
)
def test_a_throttling_answer_waits_as_long_as_the_robot_is_shut(desk, webhook, kind, code, wait):
    # Someone else already spent the robot's minute: it takes one more, then refuses.
    with WebhookReceiver(robot=kind, per_minute=1, clock=Moment(NIGHT)) as receiver:
        robot(webhook, receiver, kind)
        desk.file(NIGHT)
        desk.file(NIGHT, title="西河村山体滑坡")

    first, second = Delivery.objects.filter(channel=kind).order_by("pk")
    assert first.status == DeliveryStatus.SENT and receiver.throttled == 1
    assert second.status == DeliveryStatus.RETRY
    assert second.next_attempt_at == NIGHT + timedelta(seconds=wait)
    assert second.last_error.startswith(f"机器人限流（{code}）")


def test_urgent_alerts_mention_the_duty_officers_by_mobile(desk, webhook, world):
    world.county_duty.phone = "13800000001"
    world.county_duty.save()
    with WebhookReceiver(robot="dingtalk") as ding, WebhookReceiver(robot="wecom") as wecom:
        robot(webhook, ding)
        robot(webhook, wecom, "wecom")
        desk.file(NIGHT)  # 重大
        desk.file(NIGHT, title="东河村路灯损坏", severity=Severity.ORDINARY)

    urgent, ordinary = (body for _, _, body in ding.inbox.arrivals)
    assert urgent["at"] == {"atMobiles": ["13800000001"], "isAtAll": False}
    assert urgent["markdown"]["text"].endswith(" @13800000001")
    assert "at" not in ordinary and "@13800000001" not in ordinary["markdown"]["text"]
    urgent, ordinary = (body for _, _, body in wecom.inbox.arrivals)
    assert urgent["msgtype"] == "text"
    assert urgent["text"]["mentioned_mobile_list"] == ["13800000001"]
    assert ordinary["msgtype"] == "markdown"


# The budget and the merging are the same code and queries for both robots; the WeCom
# burst differs only in the messages' format, which no database touches: once per run.
@pytest.mark.parametrize("kind", ["dingtalk", pytest.param("wecom", marks=pytest.mark.once)])
def test_a_burst_of_200_reports_reaches_the_robot_in_summaries_none_lost(
    desk, webhook, world, kind, monkeypatch
):
    settings = world.county.alert_settings
    settings.email = False  # the robot is what this is about
    settings.save()
    # Each report is handed to the worker to be indexed and signed (never in the
    # request; tests/search); huey's immediate mode would do it here, 200 times, for
    # nothing this test asks: what the reports queue for the index is counted instead.
    indexed = []
    monkeypatch.setattr(search_tasks, "follow_item", lambda pk, action: indexed.append(pk))
    moment = Moment(NIGHT)
    with WebhookReceiver(robot=kind, secret=SECRET, per_minute=20, clock=moment) as receiver:
        robot(webhook, receiver, kind, secret=SECRET)
        for n in range(200):
            desk.file(NIGHT, title=f"第{n + 1}起山洪")
        assert len(receiver.taken) == 18  # the budget: the rest wait for the minute
        moment.at = NIGHT + timedelta(seconds=61)
        desk.scan(moment.at)
        moment.at = NIGHT + timedelta(seconds=122)
        desk.scan(moment.at)

    keys = set(Delivery.objects.filter(channel=kind).values_list("key", flat=True))
    assert len(keys) == 200 and len(set(indexed)) == 200
    assert set(receiver.inbox.first_arrival()) == keys
    assert receiver.throttled == 0 and receiver.refused == 0
    assert set(Delivery.objects.filter(channel=kind).values_list("status", flat=True)) == {
        DeliveryStatus.SENT
    }
    summaries = [
        b for _, _, b in receiver.inbox.arrivals if "汇总" in json.dumps(b, ensure_ascii=False)
    ]
    assert summaries and len(receiver.taken) <= 18 * 3


def test_the_settings_page_test_send_is_signed_too(desk, webhook, world):
    with WebhookReceiver(robot="dingtalk", secret=SECRET) as receiver:
        hook = robot(webhook, receiver, secret=SECRET)
        results = alerting.channel_test(actor=world.county_chief, office=world.county, webhook=hook)
        hook.secret = "SECwrong"
        hook.save()
        refused = alerting.channel_test(actor=world.county_chief, office=world.county, webhook=hook)

    assert results == [(str(hook), "对方已接收")]
    assert refused == [(str(hook), "失败：机器人拒收（310000）：sign not match")]
    assert receiver.refused == 1 and len(receiver.inbox.arrivals) == 1


def test_the_change_log_never_holds_the_secret(world):
    alerting.webhook_save(
        actor=world.county_chief,
        office=world.county,
        name="县值班群",
        kind="dingtalk",
        url="https://oapi.dingtalk.com/robot/send?access_token=abc",
        secret=SECRET,
        is_active=True,
    )
    logged = json.dumps(
        Change.objects.get(action="alerts.webhook_saved").details, ensure_ascii=False
    )
    assert SECRET not in logged and "已设置（尾号abcd）" in logged
