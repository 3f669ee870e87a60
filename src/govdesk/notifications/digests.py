"""Daily digests: a person who chose one gets their e-mails held (``HELD``) and, once a
day at or after GOVDESK_DIGEST_HOUR, one e-mail listing them; the held deliveries
are then marked as ridden in it (``DIGESTED``), so each message's delivery log says
how it reached the mailbox."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from govdesk.core.mail import site_link
from govdesk.lib import clock
from govdesk.notifications.models import (
    ChannelKind,
    DailyDigest,
    Delivery,
    DeliveryStatus,
    Kind,
)
from govdesk.notifications.services import Recipient, message_send


def send_due() -> int:
    """Send today's digest to everyone due one; returns how many went out."""
    now = timezone.localtime(clock.now())
    if now.hour < settings.GOVDESK_DIGEST_HOUR:
        return 0
    sent = 0
    for choice in DailyDigest.objects.select_related("user").exclude(last_sent_on=now.date()):
        sent += digest_send(user=choice.user, today=now.date())
    return sent


@transaction.atomic
def digest_send(*, user, today) -> int:
    """One e-mail listing the user's held messages (none held: nothing sent)."""
    claimed = DailyDigest.objects.filter(user=user).exclude(last_sent_on=today)
    if not claimed.update(last_sent_on=today):
        return 0  # another worker sent it
    held = list(
        Delivery.objects.filter(user=user, channel=ChannelKind.EMAIL, status=DeliveryStatus.HELD)
        .select_related("message")
        .order_by("created_at", "pk")
    )
    if not held or not user.email:
        return 0
    lines = [
        f"{timezone.localtime(d.message.created_at):%m-%d %H:%M} {d.message.subject}"
        + (f"\n  {site_link(d.message.url)}" if d.message.url else "")
        for d in held
    ]
    message_send(
        recipients=[Recipient(ChannelKind.EMAIL, user.email, user=user)],
        kind=Kind.DIGEST,
        subject=f"每日消息摘要（{today:%m月%d日}，{len(held)}条）",
        text="\n".join(lines),
        url="/notifications/",
    )
    Delivery.objects.filter(pk__in=[d.pk for d in held]).update(
        status=DeliveryStatus.DIGESTED, sent_at=clock.now()
    )
    return 1
