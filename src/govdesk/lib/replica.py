"""Heavy reads on a PostgreSQL streaming replica (GOVDESK_REPLICA_URL).

Only the read paths that say so go to the replica: ``reads_from_replica()`` (a context
manager and a decorator) marks rankings, the live notice figures, search, awards
evaluation and the public portal, which tolerate a second of lag. Everything else, and
everything inside a transaction, reads the primary. A browser that has just written
(POST, PUT, PATCH, DELETE) is pinned to the primary for ``PIN_SECONDS`` by a cookie
that ``pin_after_write`` sets, so a user always sees their own change. Without the
variable neither the router nor the middleware is installed: one database, as before.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
PIN_SECONDS = 5
PIN_COOKIE = "govdesk_primary_until"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_wanted: ContextVar[bool] = ContextVar("govdesk_replica_wanted", default=False)
_pinned: ContextVar[bool] = ContextVar("govdesk_primary_pinned", default=False)


@contextmanager
def reads_from_replica():
    """Reads inside go to the replica, unless the request is pinned to the primary. As a
    decorator too (each call gets its own context, so threads do not share it)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # A transaction on the primary must see its own uncommitted rows.
        if _wanted.get() and not _pinned.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def pin_after_write(get_response):
    """Pins a request to the primary while it writes and for PIN_SECONDS after."""

    def middleware(request):
        try:
            until = float(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            until = 0.0
        token = _pinned.set(request.method in WRITES or until > time.time())
        try:
            response = get_response(request)
        finally:
            _pinned.reset(token)
        if request.method in WRITES:
            response.set_cookie(
                PIN_COOKIE,
                str(time.time() + PIN_SECONDS),
                max_age=PIN_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response

    return middleware
