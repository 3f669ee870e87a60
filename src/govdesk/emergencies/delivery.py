"""At-least-once delivery with idempotency keys (the worker's side of alerts).

A delivery is claimed with a conditional UPDATE (``status`` pending/retry → sending,
with a lease), so two workers never send it at the same time. Each attempt is a row
written and committed *before* the transport is called, then completed with the
result. A failure schedules a retry with backoff; a worker that dies after sending
but before recording leaves the delivery "sending" until its lease runs out, when
the sweep hands it to another worker, which sends it again with the same key.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q

from govdesk.emergencies import transports
from govdesk.emergencies.models import Delivery, DeliveryAttempt, DeliveryStatus
from govdesk.lib import clock

BACKOFF_SECONDS = (15, 60, 300, 900, 1800, 3600)
MAX_ATTEMPTS = 10
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRY)


def backoff(attempts: int) -> int:
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]


def _claim(delivery_id: int, now) -> bool:
    lease = timedelta(seconds=settings.GOVDESK_DELIVERY_LEASE_SECONDS)
    return bool(
        Delivery.objects.filter(pk=delivery_id, status__in=OPEN, next_attempt_at__lte=now).update(
            status=DeliveryStatus.SENDING, lease_until=now + lease, attempts=F("attempts") + 1
        )
    )


def attempt(*, delivery_id: int) -> int | None:
    """Try one delivery once. Returns seconds until the retry, or None when there is
    nothing more to do (sent, failed for good, or not ours to send now)."""
    now = clock.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("notification__event__unit").get(pk=delivery_id)
    row = DeliveryAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, started_at=now
    )
    try:
        transports.send(delivery)
    except transports.TransportError as exc:
        return _failed(delivery, row, str(exc)[:500])
    record_sent(delivery, row)
    return None


def record_sent(delivery: Delivery, row: DeliveryAttempt) -> None:
    now = clock.now()
    DeliveryAttempt.objects.filter(pk=row.pk).update(ok=True, finished_at=now)
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=now, lease_until=None, last_error=""
    )


def _failed(delivery: Delivery, row: DeliveryAttempt, error: str) -> int | None:
    now = clock.now()
    DeliveryAttempt.objects.filter(pk=row.pk).update(ok=False, finished_at=now, error=error)
    if delivery.attempts >= MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, lease_until=None, last_error=error
        )
        return None
    delay = backoff(delivery.attempts)
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
