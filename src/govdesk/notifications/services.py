"""Writes of the one outbound pipeline. ``message_send`` is how anything leaves the
system: one ``Message``, one ``Delivery`` row per person or address, queued for the
worker once the transaction commits (in-app deliveries are there at once). ``notify``
tells one person something: in-app, and by e-mail unless they opted out of that kind
(or at once in their daily digest, if they chose one). Call it after the
transaction that made the news has committed (change-log subscribers with
``after_commit=True``)."""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from govdesk.lib import clock
from govdesk.notifications.models import (
    PERSONAL_KINDS,
    ChannelKind,
    DailyDigest,
    Delivery,
    DeliveryStatus,
    MailPreference,
    Message,
    Webhook,
)


@dataclass
class Recipient:
    """Where one delivery goes: a person's inbox or mailbox, or an office's address."""

    channel: str
    target: str
    user: object = None
    webhook: Webhook | None = None
    key: str = ""  # set to send at most once per key (reminders)
    status: str = field(default=DeliveryStatus.PENDING)


def new_key(message: Message) -> str:
    """``govdesk-<message id>-<random>``: receivers and drills read the message back."""
    return f"govdesk-{message.pk}-{uuid.uuid4().hex}"


def queue(delivery_ids) -> None:
    """Hand deliveries to the worker, as one task, once the transaction that wrote
    them commits."""
    from govdesk.notifications import tasks

    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: tasks.deliver(*ids), robust=True)


def deliveries_create(*, message: Message, recipients) -> list[Delivery]:
    """Write a delivery per recipient (before anything is sent) and queue the open ones."""
    now = clock.now()
    rows = []
    for r in recipients:
        inapp = r.channel == ChannelKind.INAPP
        rows.append(
            Delivery(
                message=message,
                channel=r.channel,
                target=r.target[:500],
                user=r.user,
                webhook=r.webhook,
                key=r.key or new_key(message),
                status=DeliveryStatus.SENT if inapp else r.status,
                sent_at=now if inapp else None,
                created_at=now,
            )
        )
    Delivery.objects.bulk_create(rows)
    queue(d.pk for d in rows if d.status == DeliveryStatus.PENDING)
    return rows


def message_send(*, recipients, **fields) -> Message:
    """One message (``fields`` are ``Message`` fields) to ``recipients``."""
    message = Message.objects.create(**fields)
    deliveries_create(message=message, recipients=recipients)
    return message


def person(user, *, email: bool = True, key: str = "") -> list[Recipient]:
    """A person's recipients: their inbox, and their mailbox when ``email`` and they
    have an address; an e-mail waits for the digest if they chose one."""
    found = [
        Recipient(ChannelKind.INAPP, str(user), user=user, key=f"{key}@{user.pk}" if key else "")
    ]
    if email and user.email:
        held = DailyDigest.objects.filter(user=user).exists()
        found.append(
            Recipient(
                ChannelKind.EMAIL,
                user.email,
                user=user,
                status=DeliveryStatus.HELD if held else DeliveryStatus.PENDING,
            )
        )
    return found


def notify_people(
    *, users, kind: str, title: str, url: str = "", body: str = "", key: str = "", sender=None
) -> Message | None:
    """One message to every active person of ``users``; None when nobody is left."""
    people = [u for u in users if u.is_active]
    opted_out = set(
        MailPreference.objects.filter(user__in=people, kind=kind).values_list("user", flat=True)
    )
    recipients = [r for u in people for r in person(u, email=u.pk not in opted_out, key=key)]
    if not recipients:
        return None
    return message_send(
        recipients=recipients,
        kind=kind,
        subject=title[:200],
        text=body,
        url=url[:200],
        sender=sender,
    )


def notify(*, user, key: str = "", **fields) -> Message | None:
    """``notify_people`` for one person; None when ``key`` was already sent to them."""
    try:
        with transaction.atomic():
            return notify_people(users=[user], key=key, **fields)
    except IntegrityError:
        return None  # this reminder went out before


def notification_open(*, user, delivery_id: int) -> Delivery:
    """Open a message of the user's inbox, marking it read."""
    delivery = Delivery.objects.select_related("message").get(
        pk=delivery_id, user=user, channel=ChannelKind.INAPP
    )
    if delivery.read_at is None:
        delivery.read_at = clock.now()
        delivery.save(update_fields=["read_at"])
    return delivery


def notifications_mark_all_read(*, user) -> int:
    return Delivery.objects.filter(
        user=user, channel=ChannelKind.INAPP, read_at__isnull=True
    ).update(read_at=clock.now())


def mail_preferences_set(*, user, mailed_kinds: set[str], digest: bool = False) -> None:
    """Keep e-mail for ``mailed_kinds`` only; opt out of every other kind; with
    ``digest`` the e-mails wait for one daily digest."""
    MailPreference.objects.filter(user=user).delete()
    MailPreference.objects.bulk_create(
        MailPreference(user=user, kind=kind) for kind in PERSONAL_KINDS if kind not in mailed_kinds
    )
    if digest:
        DailyDigest.objects.get_or_create(user=user)
    else:
        DailyDigest.objects.filter(user=user).delete()
