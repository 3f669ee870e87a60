"""How a delivery leaves: e-mail, DingTalk robot, WeCom robot, generic JSON.

Every message carries the delivery's idempotency key: as the e-mail Message-ID and
an ``X-GovDesk-Key`` header, as the ``Idempotency-Key`` HTTP header and a field of
the generic JSON body. DingTalk and WeCom robots ignore both; there the key is
printed at the end of the text so people can tell a repeat (docs/emergencies.md).
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from govdesk.emergencies.models import ChannelKind, Delivery


class TransportError(Exception):
    pass


ROBOTS = (ChannelKind.DINGTALK, ChannelKind.WECOM)


def _email(delivery: Delivery) -> None:
    n = delivery.notification
    link = f"{settings.GOVDESK_BASE_URL}/emergencies/events/{n.event_id}/"
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


def _robot(channel: str, subject: str, text: str) -> dict:
    """A DingTalk or WeCom group robot's markdown message."""
    if channel == ChannelKind.DINGTALK:
        return {
            "msgtype": "markdown",
            "markdown": {"title": subject, "text": f"### {subject}\n\n{text}"},
        }
    return {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{text}"}}


def payload(delivery: Delivery) -> dict:
    n = delivery.notification
    link = f"{settings.GOVDESK_BASE_URL}/emergencies/events/{n.event_id}/"
    text = f"{n.text}\n\n[查看详情]({link})\n\n编号：{delivery.key}"
    if delivery.channel in ROBOTS:
        return _robot(delivery.channel, n.subject, text)
    return {
        "idempotency_key": delivery.key,
        "reason": n.reason,
        "subject": n.subject,
        "text": n.text,
        "event": {"id": n.event_id, "title": n.event.title, "unit": n.event.unit.name},
        "report_id": n.report_id,
        "created_at": timezone.localtime(n.created_at).isoformat(),
        "url": link,
    }


def _webhook(delivery: Delivery) -> None:
    _post(delivery.channel, delivery.target, payload(delivery), delivery.key)


def _post(channel: str, url: str, body: dict, key: str) -> None:
    request = urllib.request.Request(
        url,
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
        try:
            answer = json.loads(answer_body or b"{}")
        except ValueError:
            answer = {}
        if answer.get("errcode", 0) != 0:
            raise TransportError(f"机器人拒收：{answer.get('errmsg', answer)}")


def send(delivery: Delivery) -> None:
    """Raise TransportError when the receiver did not take the message."""
    if delivery.channel == ChannelKind.EMAIL:
        _email(delivery)
    else:
        _webhook(delivery)


def send_test(*, channel: str, target: str, subject: str, text: str, key: str) -> None:
    """A test message from the settings page, through the same transport as an alert;
    raise TransportError as ``send`` does."""
    if channel == ChannelKind.EMAIL:
        _send_mail(target, subject, text, key)
    elif channel in ROBOTS:
        _post(channel, target, _robot(channel, subject, f"{text}\n\n编号：{key}"), key)
    else:
        _post(channel, target, {"idempotency_key": key, "subject": subject, "text": text}, key)
