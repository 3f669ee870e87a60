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
from govdesk.web.mail import site_link


class TransportError(Exception):
    pass


def _email(delivery: Delivery) -> None:
    n = delivery.notification
    message = EmailMessage(
        subject=n.subject,
        body=f"{n.text}\n\n{site_link(f'/emergencies/events/{n.event_id}/')}",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.target],
        headers={"Message-ID": f"<{delivery.key}@govdesk>", "X-GovDesk-Key": delivery.key},
        connection=get_connection(timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS),
    )
    try:
        message.send()
    except OSError as exc:  # smtplib errors are OSErrors too
        raise TransportError(f"邮件发送失败：{exc}") from exc


def payload(delivery: Delivery) -> dict:
    n = delivery.notification
    link = site_link(f"/emergencies/events/{n.event_id}/")
    text = f"{n.text}\n\n[查看详情]({link})\n\n编号：{delivery.key}"
    if delivery.channel == ChannelKind.DINGTALK:
        return {
            "msgtype": "markdown",
            "markdown": {"title": n.subject, "text": f"### {n.subject}\n\n{text}"},
        }
    if delivery.channel == ChannelKind.WECOM:
        return {"msgtype": "markdown", "markdown": {"content": f"**{n.subject}**\n{text}"}}
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
    request = urllib.request.Request(
        delivery.target,
        data=json.dumps(payload(delivery), ensure_ascii=False).encode(),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": delivery.key,
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.GOVDESK_DELIVERY_TIMEOUT_SECONDS
        ) as r:
            body = r.read(4096)
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are OSErrors
        raise TransportError(f"Webhook 调用失败：{exc}") from exc
    if delivery.channel in (ChannelKind.DINGTALK, ChannelKind.WECOM):
        try:
            answer = json.loads(body or b"{}")
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
