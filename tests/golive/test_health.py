"""/healthz and /readyz answer without a login, with nothing but their checks."""

from datetime import timedelta

import pytest

from govdesk.lib import clock
from govdesk.web import health
from govdesk.web.models import WorkerHeartbeat
from govdesk.web.server import options

pytestmark = pytest.mark.django_db


def test_healthz_is_503_until_the_worker_beats(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "worker": "stale", "queue": "ok"}
    assert body["worker_heartbeat_age_seconds"] is None

    health.heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "checks", "worker_heartbeat_age_seconds", "queue"}
    assert body["status"] == "ok" and body["worker_heartbeat_age_seconds"] < 5
    assert set(body["queue"]) == {"pending", "scheduled"}


def test_healthz_is_503_when_the_heartbeat_is_stale(client, settings):
    settings.GOVDESK_HEARTBEAT_STALE_SECONDS = 180
    WorkerHeartbeat.objects.create(host="w1", beat_at=clock.now() - timedelta(seconds=181))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


def test_readyz_checks_the_database_and_the_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert client.post("/readyz").status_code == 405


def test_serve_takes_workers_threads_and_bind_from_settings(settings):
    settings.GOVDESK_WEB = {"bind": "127.0.0.1:8000", "workers": 3, "threads": 5, "timeout": 30}
    config = options()
    assert config["worker_class"] == "gthread"
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 5, 30)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert options(bind="127.0.0.1:8123")["bind"] == ["127.0.0.1:8123"]
