"""The time every service reads. Tests and the demo loader set it to build history
that happened in the past; everything else sees the real time."""

import contextlib
from contextvars import ContextVar
from datetime import date, datetime, time

from django.utils import timezone

_fixed: ContextVar[datetime | None] = ContextVar("govdesk_clock", default=None)


def now() -> datetime:
    return _fixed.get() or timezone.now()


@contextlib.contextmanager
def frozen_at(moment: datetime):
    """Within the block, ``now()`` returns ``moment`` (timezone-aware)."""
    token = _fixed.set(moment)
    try:
        yield
    finally:
        _fixed.reset(token)


def midnight(day: date) -> datetime:
    """The start of ``day`` in the local time zone (Asia/Shanghai), timezone-aware: the
    bound of a range of moments that an index on a timestamp serves (not ``__date``)."""
    return timezone.make_aware(datetime.combine(day, time.min))
