"""Subscribers to the change log. The log is the one stream of events: the scoring
ledger, the search index and notifications all follow it instead of being called
from every service that changes something.

An app subscribes in its ``AppConfig.ready``::

    @subscribe("item.adopt")
    def credit(change): ...

``after_commit=False`` (the default) runs the callback inside the transaction that
wrote the change, so derived rows (ledger lines) commit or roll back with it.
``after_commit=True`` runs it once the transaction has committed: for work that
talks to the outside world (e-mail, webhooks, a search index that must not see
uncommitted rows). These run ``robust``: the change has committed and stands, so a
callback's failure (the queue's store briefly unreachable, a locked database) is
logged, never answered as an error for work that was done and kept.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial, update_wrapper

from django.db import transaction

from govdesk.audit.actions import check_prefix


@dataclass(frozen=True)
class Subscriber:
    prefix: str
    callback: Callable
    after_commit: bool


_subscribers: list[Subscriber] = []
# Callbacks skipped in this context (``muted``); per thread and task, never process-wide.
_muted: ContextVar[frozenset[Callable]] = ContextVar("muted_subscribers", default=frozenset())


def subscribe(prefix: str, *, after_commit: bool = False):
    """Call the decorated function with every Change whose action starts with ``prefix``,
    which must name a catalogued code or group (``audit.actions.check_prefix``)."""
    check_prefix(prefix)

    def register(callback: Callable) -> Callable:
        entry = Subscriber(prefix, callback, after_commit)
        if entry not in _subscribers:
            _subscribers.append(entry)
        return callback

    return register


@contextmanager
def muted(*callbacks: Callable):
    """Skip these subscribers inside the block, in this thread only. For a bulk load
    whose callers know the callbacks would derive nothing there, or rebuild what they
    derive afterwards (the demo builder: the ledger's subscribers before any scheme
    exists). The changes themselves are written and the other subscribers run."""
    token = _muted.set(_muted.get() | frozenset(callbacks))
    try:
        yield
    finally:
        _muted.reset(token)


def dispatch(change) -> None:
    skipped = _muted.get()
    for entry in _subscribers:
        if not change.action.startswith(entry.prefix) or entry.callback in skipped:
            continue
        if entry.after_commit:
            # Named after the callback: Django logs a robust callback's failure by name.
            callback = update_wrapper(partial(entry.callback, change), entry.callback)
            transaction.on_commit(callback, robust=True)
        else:
            entry.callback(change)
