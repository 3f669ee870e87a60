"""At-least-once delivery with idempotency keys (the worker's side of alerts).

A delivery is claimed with a conditional UPDATE (``status`` pending/retry → sending,
with a lease), so two workers never send it at the same time. Each attempt is a row
written and committed *before* the transport is called, then completed with the
result. A failure schedules a retry with backoff; a worker that dies after sending
but before recording leaves the delivery "sending" until its lease runs out, when
the sweep hands it to another worker, which sends it again with the same key.

A DingTalk or WeCom robot takes at most 20 messages a minute. Each robot has a
budget (GOVDESK_ROBOT_MESSAGES_PER_MINUTE) counted from the attempt rows of the last
60 s, decided under a lock on the robot's row so workers in several processes share
it; a delivery over budget waits for the window to open, and the delivery that goes
next carries everything waiting for that robot in one summary message.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from govdesk.core.mail import undelivered_reason
from govdesk.lib import clock
from govdesk.notifications import transports, webhooks
from govdesk.notifications.models import (
    ChannelKind,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Webhook,
)

BACKOFF_SECONDS = (15, 60, 300, 900, 1800, 3600)
MAX_ATTEMPTS = 10
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRY)


def backoff(attempts: int) -> int:
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]


def _claim(delivery_ids, now, *, due: bool = True) -> list[int]:
    """Claim those of ``delivery_ids`` that are open (and due, with ``due``): sending,
    with a lease, in one conditional UPDATE; returns the ids claimed. PostgreSQL locks
    the rows first and skips those another worker holds; SQLite's write transaction
    (BEGIN IMMEDIATE) already lets one worker at a time in."""
    lease = timedelta(seconds=settings.GOVDESK_DELIVERY_LEASE_SECONDS)
    claimable = Delivery.objects.filter(pk__in=delivery_ids, status__in=OPEN)
    if due:
        claimable = claimable.filter(next_attempt_at__lte=now)
    with transaction.atomic():
        mine = list(claimable.select_for_update(skip_locked=True).values_list("pk", flat=True))
        claimable.filter(pk__in=mine).update(
            status=DeliveryStatus.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
        )
    return mine


def attempt(*, delivery_id: int) -> int | None:
    """Try one delivery once. Returns seconds until the retry, or None when there is
    nothing more to do (sent, failed for good, or not ours to send now)."""
    return attempts(delivery_ids=[delivery_id]).get(delivery_id)


def attempts(*, delivery_ids) -> dict[int, int]:
    """Try a batch of deliveries (a message's, or a sweep's share) once each; returns
    {delivery id: seconds until its retry} for those to try again.

    Two transactions per batch, whatever its size: one claims it and writes an
    attempt row for each e-mail and push (committed before anything is sent), one
    records the results once all are sent. In a burst the filing web requests hold
    SQLite's one write lock almost all the time and a worker waits for every write
    of its own, so the count of writes, not their size, sets how fast alerts leave.
    A worker killed mid-batch leaves the whole batch "sending": after the lease it
    is sent again under the same keys (at least once; a receiver drops the repeat)."""
    now = clock.now()
    with transaction.atomic():
        mine = _claim(delivery_ids, now)
        batch = list(
            Delivery.objects.select_related("message", "webhook").filter(pk__in=mine).order_by("pk")
        )
        direct = [d for d in batch if d.channel not in transports.ROBOTS]
        rows = DeliveryAttempt.objects.bulk_create(
            DeliveryAttempt(delivery=d, number=d.attempts, started_at=now) for d in direct
        )
    outcomes = [(d, row, _send(d)) for d, row in zip(direct, rows, strict=True)]
    delays = {}
    if outcomes:  # an IMMEDIATE transaction takes the write lock even for nothing
        with transaction.atomic():
            delays = {d.pk: _record(d, row, outcome) for d, row, outcome in outcomes}
    for d in batch:
        if d.channel in transports.ROBOTS:
            delays[d.pk] = _robot_attempt(d, now)
    return {pk: delay for pk, delay in delays.items() if delay is not None}


def _send(delivery: Delivery) -> int | transports.TransportError | None:
    """What the transport answered: a push address's HTTP status, or the error."""
    try:
        return transports.send(delivery)
    except transports.TransportError as exc:
        return exc


def _record(delivery: Delivery, row: DeliveryAttempt, outcome) -> int | None:
    if isinstance(outcome, transports.TransportError):
        return _failed(delivery, row, str(outcome)[:500], outcome.retry_after, outcome.status)
    record_sent(delivery, row, outcome)
    return None


def _robot_attempt(delivery: Delivery, now) -> int | None:
    """Send ``delivery`` (claimed) with whatever else waits for its robot, within the
    robot's budget; returns the wait as ``attempt`` does."""
    with transaction.atomic():
        # Workers in every process decide on this robot's budget one at a time.
        list(Webhook.objects.select_for_update().filter(pk=delivery.webhook_id))
        wait = _over_budget(delivery.target, now)
        if wait:
            Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.RETRY,
                next_attempt_at=now + timedelta(seconds=wait),
                lease_until=None,
                attempts=F("attempts") - 1,  # not tried: the budget held it back
            )
            return wait
        batch = _gather(delivery, now)
        carrier = DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now
        )
        rows = [carrier] + [
            DeliveryAttempt.objects.create(
                delivery=d, number=d.attempts, started_at=now, carried_by=carrier
            )
            for d in batch[1:]
        ]
    try:
        transports.robot_send(batch)
    except transports.TransportError as exc:
        delays = [
            _failed(d, row, str(exc)[:500], exc.retry_after)
            for d, row in zip(batch, rows, strict=True)
        ]
        if exc.retry_after:  # the robot is shut: nothing else for it goes before it opens
            Delivery.objects.filter(
                target=delivery.target,
                status__in=OPEN,
                next_attempt_at__lt=now + timedelta(seconds=exc.retry_after),
            ).update(next_attempt_at=now + timedelta(seconds=exc.retry_after))
        return delays[0]
    for d, row in zip(batch, rows, strict=True):
        record_sent(d, row)
    return None


def _over_budget(target: str, now) -> int:
    """Seconds until the robot at ``target`` may take another message (0: now)."""
    window = now - timedelta(seconds=60)
    sent = DeliveryAttempt.objects.filter(
        delivery__target=target, carried_by=None, started_at__gt=window
    )
    if sent.count() < settings.GOVDESK_ROBOT_MESSAGES_PER_MINUTE:
        return 0
    oldest = sent.order_by("started_at").values_list("started_at", flat=True).first()
    return max(1, math.ceil((oldest - window).total_seconds()))


def _gather(delivery: Delivery, now) -> list[Delivery]:
    """``delivery`` and the others waiting for the same robot that fit in one message,
    each claimed as ``attempt`` claims (a worker holding one keeps it)."""
    waiting = list(
        Delivery.objects.filter(target=delivery.target, status__in=OPEN)
        .exclude(pk=delivery.pk)
        .select_related("message", "webhook")
        .order_by("created_at", "pk")[:200]
    )
    batch = [delivery]
    for other in transports.fitting(delivery.channel, [delivery, *waiting])[1:]:
        if _claim([other.pk], now, due=False):
            other.attempts += 1
            batch.append(other)
    return batch


@transaction.atomic
def record_sent(delivery: Delivery, row: DeliveryAttempt, status: int | None = None) -> None:
    """The transport took the message. An e-mail taken by a mail backend that delivers
    nothing (console, dummy, file) is recorded as not sent, with the reason."""
    now = clock.now()
    DeliveryAttempt.objects.filter(pk=row.pk).update(ok=True, finished_at=now, response_code=status)
    if delivery.webhook_id:
        Webhook.objects.filter(pk=delivery.webhook_id, failures__gt=0).update(failures=0)
    unsent = undelivered_reason() if delivery.channel == ChannelKind.EMAIL else ""
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.UNSENT if unsent else DeliveryStatus.SENT,
        sent_at=None if unsent else now,
        lease_until=None,
        last_error=unsent,
    )


@transaction.atomic
def _failed(
    delivery: Delivery,
    row: DeliveryAttempt,
    error: str,
    retry_after: int | None = None,
    status: int | None = None,
) -> int | None:
    now = clock.now()
    DeliveryAttempt.objects.filter(pk=row.pk).update(
        ok=False, finished_at=now, error=error, response_code=status
    )
    if delivery.webhook_id:
        webhooks.count_failure(webhook_id=delivery.webhook_id)
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, lease_until=None, last_error=error
        )
        return None
    delay = retry_after or backoff(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.RETRY,
        next_attempt_at=now + timedelta(seconds=delay),
        lease_until=None,
        last_error=error,
    )
    return delay


def due_for_sweep(*, now=None) -> list[int]:
    """Deliveries a worker should try now: expired leases (their worker died) are
    released first, then everything open and due is returned."""
    now = now or clock.now()
    Delivery.objects.filter(status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.RETRY, next_attempt_at=now, lease_until=None
    )
    due = Delivery.objects.filter(Q(status__in=OPEN), next_attempt_at__lte=now)
    return list(due.values_list("pk", flat=True))
