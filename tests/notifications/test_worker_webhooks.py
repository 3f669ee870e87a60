"""Signed webhook events on real sockets: `govdesk run_huey` workers (Redis queue) push
each event to a local receiver, which keeps it once by its idempotency key, even when
a worker is killed mid-delivery and another started. Each report the drill files is
two events, ``item.submitted`` and ``emergency.filed``; ``test_pipeline`` covers
signing, resend and disabling in-process."""

import json
import os

import pytest

from govdesk.emergencies.drill import Rig, redis_available
from govdesk.notifications.receivers import WebhookReceiver
from tests.notifications.test_pipeline import verify

pytestmark = pytest.mark.slow


def test_each_event_arrives_once_across_a_killed_worker():
    if not redis_available():
        if os.environ.get("GOVDESK_REQUIRE_REDIS") == "1":
            pytest.fail("GOVDESK_REQUIRE_REDIS=1 but redis-server is not installed", pytrace=False)
        pytest.skip("redis-server not installed")
    with WebhookReceiver() as events, Rig(mode="redis", workers=2) as rig:
        first, second = rig.worker_processes
        second.kill()
        rig.drill(5, events=events.url)
        assert events.inbox.wait_for(10, timeout=60)
        first.kill()  # mid-burst: what it had claimed or queued waits in the database/Redis
        rig.drill(5, events=events.url)
        rig._start([*first.args])
        assert events.inbox.wait_for(20, timeout=120), events.inbox.arrivals
        calls = list(events.raw)
    bodies = [json.loads(raw) for _, raw in calls]
    assert all(verify(h, raw, "drill", float(h["X-GovDesk-Timestamp"])) for h, raw in calls)
    kept = {b["idempotency_key"]: (b["event"], b["change_id"]) for b in bodies}
    assert len(kept) == 20 and len(set(kept.values())) == 20  # each event once, none lost
    per_type = [event for event, _ in kept.values()]
    assert sorted(set(per_type)) == ["emergency.filed", "item.submitted"]
    assert per_type.count("emergency.filed") == per_type.count("item.submitted") == 10
