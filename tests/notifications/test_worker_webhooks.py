"""Signed webhook events on real sockets: `govdesk run_huey` workers (Redis queue) push
every event type of ``EVENTS`` to two addresses at a local receiver, which keeps each
event once per address by its idempotency key, even when the worker is killed
mid-call and started again. ``every_event`` makes each event happen through the
services in the rig's database; ``test_pipeline`` covers signing, resend and
disabling in-process."""

import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from govdesk.emergencies.drill import Rig, redis_available
from govdesk.notifications.receivers import WebhookReceiver
from govdesk.notifications.webhooks import EVENTS
from tests.notifications.every_event import SECRET
from tests.notifications.test_pipeline import verify

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PRODUCE = "import django; django.setup(); from tests.notifications.every_event import main; main()"


def settled(arrivals: list, keys: set, timeout: float) -> bool:
    """Every key arrived, and some call arrived twice (the one the kill cut off, sent
    again by the restarted worker once its lease ran out)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        arrived = [key for key, _, _ in list(arrivals)]
        if set(arrived) == keys and len(arrived) > len(keys):
            return True
        time.sleep(0.2)
    return False


def test_every_event_arrives_once_per_address_across_a_killed_worker(scratch_database):
    if not redis_available():
        if os.environ.get("GOVDESK_REQUIRE_REDIS") == "1":
            pytest.fail("GOVDESK_REQUIRE_REDIS=1 but redis-server is not installed", pytrace=False)
        pytest.skip("redis-server not installed")
    # Each answer is held 0.3 s, so the kill below lands while a call is in flight.
    with (
        WebhookReceiver(delay=0.3) as events,
        Rig(mode="redis", workers=1, database=scratch_database) as rig,
    ):
        (first,) = rig.worker_processes
        addresses = [events.url, events.url + "?copy"]
        producer = subprocess.Popen(
            [sys.executable, "-c", PRODUCE, *addresses],
            env={**rig.env, "DJANGO_SETTINGS_MODULE": "govdesk.settings"},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert events.inbox.wait_for(3, timeout=60)
        first.kill()  # SIGKILL mid-call; what follows waits in the database and Redis
        out, _ = producer.communicate(timeout=60)
        assert producer.returncode == 0
        queued = {key: tuple(v) for key, v in json.loads(out.strip().splitlines()[-1]).items()}
        rig._start([*first.args])
        assert settled(events.inbox.arrivals, set(queued), timeout=100), events.inbox.arrivals
        calls = list(events.raw)

    # What the services queued: every event type once per address (item.submitted also
    # for each of the three emergency reports).
    expected = {**dict.fromkeys(EVENTS, 1), "item.submitted": 4}
    for address in addresses:
        assert Counter(e for url, e in queued.values() if url == address) == expected
    assert all(verify(h, raw, SECRET, float(h["X-GovDesk-Timestamp"])) for h, raw in calls)
    payloads = defaultdict(set)
    for headers, raw in calls:
        assert json.loads(raw)["idempotency_key"] == headers["Idempotency-Key"]
        payloads[headers["Idempotency-Key"]].add(raw)
    assert all(len(bodies) == 1 for bodies in payloads.values())  # a repeat is the same call
    assert len(calls) > len(payloads)  # the call the kill cut off came again
    # Kept by key, the receiver has each event once per address, none lost or extra.
    assert set(payloads) == set(queued)
    for address in addresses:
        kept = Counter(
            json.loads(next(iter(bodies)))["event"]
            for key, bodies in payloads.items()
            if queued[key][0] == address
        )
        assert kept == expected
