"""How a delivery leaves: in-app, e-mail, DingTalk robot, WeCom robot, JSON push
address or signed webhook.

Every message carries the delivery's idempotency key: as the e-mail Message-ID and
an ``X-GovDesk-Key`` header, as the ``Idempotency-Key`` HTTP header and a field of
the generic JSON body. DingTalk and WeCom robots ignore both; there the key is
printed in the text so people can tell a repeat (docs/emergencies.md).

Robots as they behave: a DingTalk robot set to 加签 refuses a call without
``timestamp`` and ``sign`` on its URL; urgent alerts @-mention the office's duty
officers by mobile; alerts waiting for one robot leave as one summary message
(``robot_send``); a throttling answer is a TransportError carrying the delay the
robot imposes, so the retry does not come back into the same wall.

A JSON address with a secret gets every call signed (docs/webhooks.md):
``X-GovDesk-Timestamp`` and ``X-GovDesk-Signature: <algorithm>=<hex>`` over
``timestamp + "." + body``, HMAC-SHA256 or HMAC-SM3 (国密). Its answer's
HTTP status is kept on the attempt.

E-mail reuses one SMTP connection per worker thread (``_mailer``): a burst of alerts
no longer pays a TCP and SMTP handshake per message.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from govdesk.core.mail import site_link
from govdesk.lib import clock
from govdesk.notifications.models import ChannelKind, Delivery, Signature


class TransportError(Exception):
    def __init__(self, message: str, *, retry_after: int | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds the receiver asked us to wait
        self.status = status  # the HTTP status a push address answered


ROBOTS = (ChannelKind.DINGTALK, ChannelKind.WECOM)
# Throttling answers and how long the robot stays shut: DingTalk (130101 "send too
# fast", 660026) throttles a robot for 10 minutes; WeCom (45009) counts per minute.
THROTTLED = {ChannelKind.DINGTALK: ({130101, 660026}, 600), ChannelKind.WECOM: ({45009}, 60)}
# Bytes of alert lines one robot message may hold: DingTalk takes 20000 bytes;
# WeCom 4096 for markdown but 2048 for the text message that mentions by mobile.
MESSAGE_BYTES = {ChannelKind.DINGTALK: 16000, ChannelKind.WECOM: 1500}


def _email(delivery: Delivery) -> None:
    m = delivery.message
    link = f"\n\n{site_link(m.url)}" if m.url else ""
    subject = f"[{settings.GOVDESK_SITE_NAME}] {m.subject}"
    _send_mail(delivery.target, subject, f"{m.text or m.subject}{link}", delivery.key)


_mailers = threading.local()


def _mailer():
    """This thread's mail connection, opened once and kept for the next message (a
    fresh one when the mail settings changed)."""
    config = (settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)
    if getattr(_mailers, "config", None) != config:
        _drop_mailer()
        _mailers.config = config
    if getattr(_mailers, "connection", None) is None:
        _mailers.connection = get_connection(timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS)
    return _mailers.connection


def _drop_mailer() -> None:
    connection, _mailers.connection = getattr(_mailers, "connection", None), None
    if connection is not None:
        with contextlib.suppress(OSError):  # a broken connection may fail to close too
            connection.close()


def _send_mail(to: str, subject: str, body: str, key: str) -> None:
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Message-ID": f"<{key}@govdesk>", "X-GovDesk-Key": key},
    )
    for reused in (True, False):
        connection = _mailer()
        try:
            connection.open()  # a no-op while the connection is open
            if connection.send_messages([message]) != 1:
                raise OSError("邮件服务器未接收")
            return
        except OSError as exc:  # smtplib errors are OSErrors too
            _drop_mailer()  # the server may have closed an idle connection: one fresh try
            if not reused:
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


def summary_line(delivery: Delivery) -> str:
    return f"- {delivery.message.subject}（编号：{delivery.key}）"


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
        m = first.message
        lines = [m.text, f"[查看详情]({site_link(m.url)})", f"编号：{first.key}"]
        return robot_message(first.channel, m.subject, lines, mobiles)
    # DingTalk's advice for alarm floods: one message listing what was waiting.
    subject = f"【消息汇总】{len(deliveries)}条消息"
    lines = [
        "为免刷屏被限流，以下提醒合并为一条发送：",
        "\n".join(summary_line(d) for d in deliveries),
        f"[查看详情]({site_link(first.message.url)})",
    ]
    return robot_message(first.channel, subject, lines, mobiles)


def robot_send(deliveries: list[Delivery]) -> None:
    """One message to the robot of ``deliveries`` (all to the same robot) carrying all
    of them, @-mentioning every mobile one of them asks for; raise TransportError as
    ``send`` does."""
    first = deliveries[0]
    mobiles = sorted({m for d in deliveries for m in d.message.mentions})
    secret = first.webhook.secret if first.webhook_id else ""
    _post(first.channel, first.target, _robot_body(deliveries, mobiles), first.key, secret)


def payload(delivery: Delivery) -> dict:
    """What a JSON address receives: the message's own data (an event's payload, or an
    emergency alert's event) with its key, subject, text, time and link."""
    m = delivery.message
    return {
        "idempotency_key": delivery.key,
        "kind": m.kind,
        **m.data,
        "subject": m.subject,
        "text": m.text,
        "created_at": timezone.localtime(m.created_at).isoformat(),
        "url": site_link(m.url) if m.url else "",
    }


# SM3 comes from OpenSSL 3 through hashlib (the ``gmssl`` package has had no release
# since 2023 and has no HMAC); an OpenSSL without it cannot be chosen (``sm3_available``).
DIGESTS = {Signature.HMAC_SHA256: "sha256", Signature.HMAC_SM3: "sm3"}


def sm3_available() -> bool:
    return "sm3" in hashlib.algorithms_available


def hmac_hex(algorithm: str, secret: str, content: bytes) -> str:
    return hmac.new(secret.encode(), content, DIGESTS[algorithm]).hexdigest()


def signature_headers(algorithm: str, secret: str, body: bytes) -> dict:
    """``X-GovDesk-Signature`` over ``timestamp.body``: the receiver recomputes it and
    refuses a stale timestamp, so a captured call cannot be replayed later."""
    timestamp = str(int(clock.now().timestamp()))
    digest = hmac_hex(algorithm, secret, timestamp.encode() + b"." + body)
    return {"X-GovDesk-Timestamp": timestamp, "X-GovDesk-Signature": f"{algorithm}={digest}"}


def _post(
    channel: str, url: str, body: dict, key: str, secret: str = "", signature: str = ""
) -> int:
    """POST ``body``; returns the HTTP status. A robot's ``secret`` signs its URL (加签),
    a JSON address's signs the body."""
    data = json.dumps(body, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key}
    if channel == ChannelKind.JSON and secret:
        headers.update(signature_headers(signature or Signature.HMAC_SHA256, secret, data))
    robot_secret = secret if channel in ROBOTS else ""
    request = urllib.request.Request(
        signed_url(url, robot_secret), data=data, headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS
        ) as r:
            status, answer_body = r.status, r.read(4096)
    except urllib.error.HTTPError as exc:
        raise TransportError(f"推送地址调用失败：HTTP {exc.code}", status=exc.code) from exc
    except (OSError, ValueError) as exc:  # URLError, timeouts are OSErrors
        raise TransportError(f"推送地址调用失败：{_reason(exc)}") from exc
    if channel in ROBOTS:
        _check_robot_answer(channel, answer_body)
    return status


def _reason(exc: Exception) -> str:
    """Why a call failed, in Chinese for the common causes (the log is read by people)."""
    cause = getattr(exc, "reason", exc)
    if isinstance(cause, ConnectionRefusedError):
        return "对方拒绝连接（地址或端口无服务）"
    if isinstance(cause, TimeoutError):
        return f"{settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS}秒内无应答"
    if isinstance(cause, socket.gaierror):
        return "域名无法解析"
    return f"网络错误（{cause}）"


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


def send(delivery: Delivery) -> int | None:
    """Raise TransportError when the receiver did not take the message; returns a push
    address's HTTP status. An in-app message is there once its row is."""
    if delivery.channel == ChannelKind.INAPP:
        return None
    if delivery.channel == ChannelKind.EMAIL:
        _email(delivery)
        return None
    if delivery.channel in ROBOTS:
        robot_send([delivery])
        return None
    hook = delivery.webhook
    return _post(
        delivery.channel,
        delivery.target,
        payload(delivery),
        delivery.key,
        hook.secret if hook else "",
        hook.signature if hook else "",
    )


def send_test(
    *,
    channel: str,
    target: str,
    subject: str,
    text: str,
    key: str,
    secret: str = "",
    signature: str = "",
) -> None:
    """A test message from a settings page, through the same transport as a message;
    raise TransportError as ``send`` does."""
    if channel == ChannelKind.EMAIL:
        _send_mail(target, subject, text, key)
    elif channel in ROBOTS:
        body = robot_message(channel, subject, [text, f"编号：{key}"])
        _post(channel, target, body, key, secret)
    else:
        body = {"idempotency_key": key, "kind": "test", "subject": subject, "text": text}
        _post(channel, target, body, key, secret, signature)
