"""How a delivery leaves: e-mail, DingTalk robot, WeCom robot, generic JSON.

Every message carries the delivery's idempotency key: as the e-mail Message-ID and
an ``X-GovDesk-Key`` header, as the ``Idempotency-Key`` HTTP header and a field of
the generic JSON body. DingTalk and WeCom robots ignore both; there the key is
printed in the text so people can tell a repeat (docs/emergencies.md).

Robots as they behave: a DingTalk robot set to 加签 refuses a call without
``timestamp`` and ``sign`` on its URL; urgent alerts @-mention the office's duty
officers by mobile; alerts waiting for one robot leave as one summary message
(``robot_send``); a throttling answer is a TransportError carrying the delay the
robot imposes, so the retry does not come back into the same wall.
"""

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from govdesk.core.mail import site_link
from govdesk.emergencies.models import ChannelKind, Delivery, Reason, Severity
from govdesk.lib import clock


class TransportError(Exception):
    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds the receiver asked us to wait


ROBOTS = (ChannelKind.DINGTALK, ChannelKind.WECOM)
# Throttling answers and how long the robot stays shut: DingTalk (130101 "send too
# fast", 660026) throttles a robot for 10 minutes; WeCom (45009) counts per minute.
THROTTLED = {ChannelKind.DINGTALK: ({130101, 660026}, 600), ChannelKind.WECOM: ({45009}, 60)}
# Bytes of alert lines one robot message may hold: DingTalk takes 20000 bytes;
# WeCom 4096 for markdown but 2048 for the text message that mentions by mobile.
MESSAGE_BYTES = {ChannelKind.DINGTALK: 16000, ChannelKind.WECOM: 1500}


def _email(delivery: Delivery) -> None:
    n = delivery.notification
    link = site_link(f"/emergencies/events/{n.event_id}/")
    _send_mail(delivery.target, n.subject, f"{n.text}\n\n{link}", delivery.key)


def _send_mail(to: str, subject: str, body: str, key: str) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": f"<{key}@govdesk>", "X-GovDesk-Key": key},
        connection=get_connection(timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS),
    )
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors too
        raise TransportError(f"邮件发送失败：{exc}") from exc


def sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: URL-encoded Base64 of HMAC-SHA256(secret, "timestamp\\nsecret")."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url: str, secret: str) -> str:
    if not secret:
        return url
    timestamp = int(clock.now().timestamp() * 1000)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign(secret, timestamp)}"


def robot_message(channel: str, subject: str, lines: list[str], mobiles=()) -> dict:
    """A DingTalk or WeCom group robot's message; ``mobiles`` are @-mentioned.

    WeCom markdown mentions only by ``<@userid>``, which GovDesk does not hold, so a
    WeCom alert that mentions is a text message with ``mentioned_mobile_list``."""
    text = "\n\n".join(lines)
    if channel == ChannelKind.DINGTALK:
        # DingTalk notifies an atMobiles entry only when the text also says @mobile.
        mention = "".join(f" @{m}" for m in mobiles)
        body = {
            "msgtype": "markdown",
            "markdown": {"title": subject, "text": f"### {subject}\n\n{text}{mention}"},
        }
        if mobiles:
            body["at"] = {"atMobiles": list(mobiles), "isAtAll": False}
        return body
    if mobiles:
        return {
            "msgtype": "text",
            "text": {"content": f"{subject}\n{text}", "mentioned_mobile_list": list(mobiles)},
        }
    return {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{text}"}}


def is_urgent(delivery: Delivery) -> bool:
    """特别重大/重大 events and alerts nobody acknowledged: the duty officers are @-ed."""
    n = delivery.notification
    return n.reason == Reason.ESCALATION or n.event.severity <= Severity.MAJOR


def summary_line(delivery: Delivery) -> str:
    return f"- {delivery.notification.subject}（编号：{delivery.key}）"


def fitting(channel: str, deliveries: list[Delivery]) -> list[Delivery]:
    """The leading deliveries whose lines fit in one summary message of ``channel``."""
    room, kept = MESSAGE_BYTES[channel], []
    for d in deliveries:
        room -= len(summary_line(d).encode()) + 2
        if room < 0 and kept:
            break
        kept.append(d)
    return kept


def _robot_body(deliveries: list[Delivery], mobiles) -> dict:
    first = deliveries[0]
    if len(deliveries) == 1:
        n = first.notification
        link = site_link(f"/emergencies/events/{n.event_id}/")
        lines = [n.text, f"[查看详情]({link})", f"编号：{first.key}"]
        return robot_message(first.channel, n.subject, lines, mobiles)
    # DingTalk's advice for alarm floods: one message listing what was waiting.
    subject = f"【紧急信息汇总】{len(deliveries)}条紧急信息"
    lines = [
        "为免刷屏被限流，以下提醒合并为一条发送：",
        "\n".join(summary_line(d) for d in deliveries),
        f"[查看详情]({site_link('/emergencies/')})",
    ]
    return robot_message(first.channel, subject, lines, mobiles)


def robot_send(deliveries: list[Delivery], *, mobiles=()) -> None:
    """One message to the robot of ``deliveries`` (all to the same robot) carrying all
    of them; raise TransportError as ``send`` does."""
    first = deliveries[0]
    secret = first.webhook.secret if first.webhook_id else ""
    _post(first.channel, first.target, _robot_body(deliveries, mobiles), first.key, secret)


def payload(delivery: Delivery) -> dict:
    if delivery.channel in ROBOTS:
        return _robot_body([delivery], ())
    n = delivery.notification
    return {
        "idempotency_key": delivery.key,
        "reason": n.reason,
        "subject": n.subject,
        "text": n.text,
        "event": {"id": n.event_id, "title": n.event.title, "unit": n.event.unit.name},
        "report_id": n.report_id,
        "created_at": timezone.localtime(n.created_at).isoformat(),
        "url": site_link(f"/emergencies/events/{n.event_id}/"),
    }


def _post(channel: str, url: str, body: dict, key: str, secret: str = "") -> None:
    request = urllib.request.Request(
        signed_url(url, secret),
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key},
        method="POST",
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS
        ) as r:
            answer_body = r.read(4096)
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are OSErrors
        raise TransportError(f"推送地址调用失败：{exc}") from exc
    if channel in ROBOTS:
        _check_robot_answer(channel, answer_body)


def _check_robot_answer(channel: str, answer_body: bytes) -> None:
    try:
        answer = json.loads(answer_body or b"{}")
    except ValueError:
        answer = {}
    code = answer.get("errcode", 0)
    if code == 0:
        return
    codes, wait = THROTTLED[channel]
    if code in codes:
        raise TransportError(
            f"机器人限流（{code}）：{answer.get('errmsg', '')}，{wait // 60}分钟后重试",
            retry_after=wait,
        )
    raise TransportError(f"机器人拒收（{code}）：{answer.get('errmsg', answer)}")


def send(delivery: Delivery) -> None:
    """Raise TransportError when the receiver did not take the message."""
    if delivery.channel == ChannelKind.EMAIL:
        _email(delivery)
    elif delivery.channel in ROBOTS:
        robot_send([delivery])
    else:
        _post(delivery.channel, delivery.target, payload(delivery), delivery.key)


def send_test(
    *, channel: str, target: str, subject: str, text: str, key: str, secret: str = ""
) -> None:
    """A test message from the settings page, through the same transport as an alert;
    raise TransportError as ``send`` does."""
    if channel == ChannelKind.EMAIL:
        _send_mail(target, subject, text, key)
    elif channel in ROBOTS:
        body = robot_message(channel, subject, [text, f"编号：{key}"])
        _post(channel, target, body, key, secret)
    else:
        _post(channel, target, {"idempotency_key": key, "subject": subject, "text": text}, key)
