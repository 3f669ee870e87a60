"""Signed webhooks (信息共享): an office's JSON push addresses subscribe to events,
which follow the change log (``subscribers.py`` calls ``event_publish`` once the
change has committed). Each event is one ``Message`` with one delivery per
subscribed address, so it travels the one pipeline: written before it is sent,
claimed, retried with backoff, at least once, under one idempotency key per event
and address that a resend keeps. An address that fails
GOVDESK_WEBHOOK_MAX_FAILURES times in a row is switched off and its owner told.
The payload is documented in the OpenAPI document (``api.webhook_docs``) and
docs/webhooks.md."""

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from govdesk import policy
from govdesk.audit.services import record
from govdesk.lib import clock
from govdesk.notifications import transports
from govdesk.notifications.models import (
    ChannelKind,
    Delivery,
    DeliveryStatus,
    Kind,
    Webhook,
)
from govdesk.notifications.recipients import desk_people
from govdesk.notifications.services import Recipient, message_send, notify, queue

# event code -> (Chinese name, change-log action it follows)
EVENTS: dict[str, tuple[str, str]] = {
    "item.submitted": ("信息报送", "item.submit"),
    "item.adopted": ("信息采用", "item.adopt"),
    "item.forwarded": ("信息转报上级", "item.forward"),
    "issue.released": ("刊物期次发布", "issue.released"),
    "annotation.made": ("领导批示", "annotation.created"),
    "supervision.overdue": ("督办逾期", "supervision.overdue"),
    "emergency.filed": ("紧急信息报告", "emergency.phoned"),
    "emergency.updated": ("紧急信息续报", "emergency.received"),
    "emergency.closed": ("紧急信息终报", "emergency.received"),
    "notice.issued": ("通报印发", "circular.issue"),
    "award.confirmed": ("评先名单确认", "awards.confirmed"),
}
EVENT_CHOICES = [(code, label) for code, (label, _) in EVENTS.items()]
# How to reach the office an event belongs to from the change's object.
OFFICE_PATHS = (
    "office",
    "item.office",
    "publication.office",
    "annotation.item.office",
    "scheme.office",
    "criterion.scheme.office",
)


def office_of(obj):
    """The office an event about ``obj`` belongs to (an office itself for its own)."""
    if getattr(obj, "is_office", False) is True:
        return obj
    for path in OFFICE_PATHS:
        found = obj
        for name in path.split("."):
            found = getattr(found, name, None)
            if found is None:
                break
        if found is not None:
            return found
    return None


def event_payload(*, event: str, change, obj, office) -> dict:
    """The body every subscriber gets (documented in the OpenAPI ``webhooks``)."""
    return {
        "event": event,
        "event_name": EVENTS[event][0],
        "change_id": change.pk,
        "occurred_at": timezone.localtime(change.at).isoformat(),
        "office": {"id": office.pk, "name": office.name},
        "object": {
            "type": obj._meta.model_name,
            "id": obj.pk,
            "title": str(obj)[:200],
        },
        "summary": change.summary,
    }


def event_subscribed(event: str) -> bool:
    """Whether any active JSON address of any office subscribes to ``event``."""
    subscriptions = Webhook.objects.filter(kind=ChannelKind.JSON, is_active=True)
    return any(event in events for events in subscriptions.values_list("events", flat=True))


def event_publish(*, event: str, change, obj) -> list[Delivery]:
    """Queue ``event`` (about ``obj``, from ``change``) for every active address of its
    office subscribed to it."""
    office = office_of(obj)
    if office is None:
        return []
    hooks = [
        h
        for h in Webhook.objects.filter(office=office, kind=ChannelKind.JSON, is_active=True)
        if event in h.events
    ]
    if not hooks:
        return []
    with transaction.atomic():
        message = message_send(
            recipients=[Recipient(ChannelKind.JSON, h.url, webhook=h) for h in hooks],
            kind=Kind.WEBHOOK_EVENT,
            subject=f"{EVENTS[event][0]}：{change.summary}"[:200],
            office=office,
            data=event_payload(event=event, change=change, obj=obj, office=office),
        )
    return list(message.deliveries.all())


def count_failure(*, webhook_id: int) -> None:
    """One more failure in a row for a push address; switch it off at the limit."""
    limit = settings.GOVDESK_WEBHOOK_MAX_FAILURES
    Webhook.objects.filter(pk=webhook_id, kind=ChannelKind.JSON).update(failures=F("failures") + 1)
    with transaction.atomic():
        switched = Webhook.objects.filter(
            pk=webhook_id, kind=ChannelKind.JSON, is_active=True, failures__gte=limit
        ).update(is_active=False, disabled_reason=f"连续{limit}次推送失败，已自动停用")
        if not switched:
            return
        hook = Webhook.objects.select_related("office", "owner").get(pk=webhook_id)
        record(
            actor=None,
            action="webhook.disabled",
            target=hook,
            summary=f"推送地址“{hook}”连续{limit}次推送失败，已自动停用",
        )
    _tell_owner(hook, limit)


def _tell_owner(hook: Webhook, limit: int) -> None:
    owners = [hook.owner] if hook.owner else list(desk_people(hook.office_id))
    for owner in owners:
        notify(
            user=owner,
            kind=Kind.WEBHOOK_DISABLED,
            title=f"推送地址“{hook.name}”连续{limit}次推送失败，已自动停用",
            body=f"地址：{hook.url}。请核实接收方后在推送设置中重新启用。",
            url=f"/notifications/webhooks/{hook.pk}/",
        )


# What is known of a test that went out: a robot or address answered that it took
# the message; an e-mail was handed to the mail server.
MAIL_SENT, TAKEN = "已交邮件服务器发出", "对方已接收"
DELIVERED = (MAIL_SENT, TAKEN)


def test_send(*, actor, channel: str, target: str, label: str, about, text: str, subject: str):
    """Send one test message now through ``channel`` to ``target`` (a robot or address:
    ``about`` is its ``Webhook``); the result is recorded against ``about`` and
    returned as (to whom, result)."""
    key = f"govdesk-test-{uuid.uuid4().hex}"
    try:
        transports.send_test(
            channel=channel,
            target=target,
            subject=subject,
            text=text,
            key=key,
            secret=getattr(about, "secret", ""),
            signature=getattr(about, "signature", ""),
        )
    except transports.TransportError as exc:
        outcome = f"失败：{exc}"
    else:
        outcome = MAIL_SENT if channel == ChannelKind.EMAIL else TAKEN
    record(
        actor=actor,
        action="alerts.tested",
        target=about,
        summary=f"测试发送至{label}：{outcome}"[:500],
        channel=channel,
        key=key,
    )
    return label, outcome


def webhook_test(*, actor, webhook: Webhook) -> tuple[str, str]:
    policy.require(actor, "office.configure", webhook.office)
    return test_send(
        actor=actor,
        channel=webhook.kind,
        target=webhook.url,
        label=str(webhook),
        about=webhook,
        subject="【测试】推送通道测试",
        text=f"这是{webhook.office.name}推送通道“{webhook.name}”的测试消息，由{actor}发送，无需处理。",
    )


def delivery_resend(*, actor, delivery: Delivery) -> Delivery:
    """Send a delivery again now under its own key (a receiver honouring the key keeps
    one); recorded. A finished delivery opens again for one more attempt (its count
    goes on, so the log numbers every try); one still open is sent now."""
    policy.require(actor, "office.configure", delivery.webhook.office)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.PENDING, next_attempt_at=clock.now(), last_error=""
        )
        record(
            actor=actor,
            action="webhook.resent",
            target=delivery.webhook,
            summary=f"重新推送“{delivery.message.subject}”至{delivery.webhook}"[:500],
            delivery_id=delivery.pk,
            key=delivery.key,
        )
        queue([delivery.pk])
    delivery.refresh_from_db()
    return delivery
