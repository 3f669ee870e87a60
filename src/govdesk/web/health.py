"""``/healthz`` and ``/readyz``: what a monitor and a load balancer ask, without a login.

``/healthz`` (monitoring): the database answers, the background worker wrote its
heartbeat recently (``tasks.heartbeat``, every minute) and how many tasks wait in its
queue; 503 when the database or the worker is down. ``/readyz`` (load balancer,
start-up scripts): this web process can serve — the database answers and every
migration is applied. Neither names hosts, users or data.
"""

import socket

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY

from govdesk.lib import clock
from govdesk.web.models import WorkerHeartbeat

_migrated = False  # once true it stays so for this process: an upgrade restarts it


def heartbeat() -> None:
    WorkerHeartbeat.objects.update_or_create(
        host=socket.gethostname(), defaults={"beat_at": clock.now()}
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _heartbeat_age() -> float | None:
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
    try:
        beat_at = latest.first()
    except DatabaseError:  # not migrated yet
        return None
    return None if beat_at is None else round((clock.now() - beat_at).total_seconds(), 1)


def _queue() -> dict | None:
    try:
        return {"pending": HUEY.pending_count(), "scheduled": HUEY.scheduled_count()}
    except Exception:  # the queue's store (SQLite file or Redis) is not reachable
        return None


def _migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
@require_GET
def healthz(request):
    checks = {"database": "ok" if _database_ok() else "error"}
    age = _heartbeat_age() if checks["database"] == "ok" else None
    fresh = age is not None and age <= settings.GOVDESK_HEARTBEAT_STALE_SECONDS
    checks["worker"] = "ok" if fresh else "stale"
    queue = _queue()
    checks["queue"] = "ok" if queue is not None else "error"
    healthy = all(value == "ok" for value in checks.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": checks,
        "worker_heartbeat_age_seconds": age,
        "queue": queue,
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def readyz(request):
    database = _database_ok()
    try:
        migrated = database and _migrations_applied()
    except DatabaseError:
        migrated = False
    checks = {
        "database": "ok" if database else "error",
        "migrations": "ok" if migrated else "pending",
    }
    ready = database and migrated
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": checks}, status=200 if ready else 503
    )
