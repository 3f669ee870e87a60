"""The worker on real sockets: `govdesk run_huey` processes (SQLite queue, or Redis
with two processes) deliver alerts to an SMTP sink and a webhook receiver. Runs
in Redis mode when redis-server is installed; GOVDESK_REQUIRE_REDIS=1 (CI) makes a
missing redis-server a failure instead of a skip."""

import os

import pytest

from govdesk.emergencies.drill import Rig, message_of, redis_available

REPORTS = 20
# Each report alerts the duty officer and the leader by e-mail, and the webhook once.
MAILS, HOOKS = REPORTS * 2, REPORTS

pytestmark = pytest.mark.slow


def _require(mode: str) -> None:
    if mode == "redis" and not redis_available():
        if os.environ.get("GOVDESK_REQUIRE_REDIS") == "1":
            pytest.fail("GOVDESK_REQUIRE_REDIS=1 but redis-server is not installed", pytrace=False)
        pytest.skip("redis-server not installed")


@pytest.mark.parametrize("mode", ["embedded", "redis"])
def test_workers_deliver_every_alert_exactly_once(mode, scratch_database):
    _require(mode)
    with Rig(mode=mode, workers=2, database=scratch_database) as rig:
        submitted = rig.drill(REPORTS)
        assert rig.sink.inbox.wait_for(MAILS, timeout=60), rig.sink.inbox.arrivals
        assert rig.hook.inbox.wait_for(HOOKS, timeout=30)
        mail_keys = [key for key, _, _ in rig.sink.inbox.arrivals]
        hook_keys = [key for key, _, _ in rig.hook.inbox.arrivals]
        assert all(p.poll() is None for p in rig.worker_processes)

    assert len(mail_keys) == len(set(mail_keys)) == MAILS  # nothing sent twice
    assert len(hook_keys) == len(set(hook_keys)) == HOOKS
    assert {message_of(k) for k in mail_keys + hook_keys} == set(submitted)


def test_a_killed_worker_leaves_no_alert_behind(scratch_database):
    _require("redis")
    # One worker (a second one, killed before any report, held nothing and proved nothing).
    with Rig(mode="redis", workers=1, database=scratch_database) as rig:
        (first,) = rig.worker_processes
        submitted = rig.drill(5)
        assert rig.sink.inbox.wait_for(10, timeout=60)
        first.kill()  # the queue in Redis outlives its workers
        more = rig.drill(5)
        rig._start([*first.args])
        assert rig.sink.inbox.wait_for(20, timeout=60)
        keys = [key for key, _, _ in rig.sink.inbox.arrivals]
    assert len(keys) == len(set(keys)) == 20
    assert {message_of(k) for k in keys} == set(submitted) | set(more)
