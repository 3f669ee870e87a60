"""Reads of the pipeline: a person's inbox (their in-app deliveries), a message's
delivery log, the e-mails that could not be sent."""

from django.db.models import Count, Prefetch, Q

from govdesk import policy
from govdesk.notifications.models import (
    ChannelKind,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Message,
    Webhook,
)


def unread_count(user) -> int:
    """For the navigation badge."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Delivery.objects.filter(
        user=user, channel=ChannelKind.INAPP, read_at__isnull=True
    ).count()


def inbox(*, user):
    """The user's in-app deliveries (one per message), newest first, as a query."""
    return (
        Delivery.objects.filter(user=user, channel=ChannelKind.INAPP)
        .select_related("message")
        .order_by("-created_at", "-id")
    )


def notification_list(*, user, limit: int = 200) -> list[Delivery]:
    """The user's inbox, newest first; each row's ``mail`` is the e-mail of the same
    message to them (None when it was not mailed)."""
    inbox_rows = list(inbox(user=user)[:limit])
    mails = {
        d.message_id: d
        for d in Delivery.objects.filter(
            user=user, channel=ChannelKind.EMAIL, message__in=[d.message_id for d in inbox_rows]
        )
    }
    for row in inbox_rows:
        row.mail = mails.get(row.message_id)
    return inbox_rows


def failed_mail(*, users):
    """E-mails to ``users`` that could not be sent."""
    return (
        Delivery.objects.filter(
            user__in=users, channel=ChannelKind.EMAIL, status=DeliveryStatus.FAILED
        )
        .select_related("user", "message")
        .order_by("-created_at", "-id")
    )


def visible_messages(*, user):
    """Messages whose delivery log the user may read: those they sent, and those of
    the offices they configure (``office.configure``)."""
    return Message.objects.filter(Q(sender=user) | Q(office__in=policy.configured_offices(user)))


DELIVERED = [DeliveryStatus.SENT, DeliveryStatus.DIGESTED]
UNDELIVERED = [DeliveryStatus.FAILED, DeliveryStatus.UNSENT, DeliveryStatus.RETRY]


def sent_messages(*, user):
    """``visible_messages`` with how many deliveries arrived and how many did not."""
    return (
        visible_messages(user=user)
        .annotate(
            delivered=Count("deliveries", filter=Q(deliveries__status__in=DELIVERED)),
            undelivered=Count("deliveries", filter=Q(deliveries__status__in=UNDELIVERED)),
        )
        .order_by("-created_at", "-id")
    )


def delivery_log(*, message: Message):
    """Every delivery of ``message`` with its attempts: who was told, through which
    channel, when, with what result."""
    return (
        message.deliveries.select_related("user", "webhook")
        .prefetch_related(
            Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("number"))
        )
        .order_by("channel", "target")
    )


def office_webhooks(*, office):
    return Webhook.objects.filter(office=office).order_by("name")


def webhook_log(*, webhook: Webhook, limit: int = 100):
    return (
        webhook.deliveries.select_related("message")
        .prefetch_related(
            Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("number"))
        )
        .order_by("-created_at", "-id")[:limit]
    )
