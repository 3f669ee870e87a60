"""A crowd of officers against a real ``govdesk serve`` and its worker on loopback
(``govdesk bench load`` in a scratch SQLite GOVDESK_VAR_DIR): drafts with
Idempotency-Key, resent and doubled keys, submissions, while the web server is killed
twice and the worker once; then the database is counted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govdesk.notifications.receivers import free_port

GOVDESK = str(Path(sys.executable).with_name("govdesk"))
# It serves a scratch SQLite database whichever database the suite runs on, so it
# runs once per make test.
pytestmark = pytest.mark.slow

CLEAN = ("lost", "duplicated", "stuck", "server_errors_5xx", "unresolved", "lost_submits")


def bench(tmp_path, scratch_database, *args: str) -> dict:
    scratch_database(tmp_path)  # migrated once per run; `bench load` finds nothing to do
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
    env.update(GOVDESK_VAR_DIR=str(tmp_path), GOVDESK_SECRET_KEY="load")
    # Django's system checks (they import every URL module) have their own tests; the
    # server and the worker the bench starts skip them too.
    done = subprocess.run(
        [GOVDESK, "bench", "--skip-checks", "load", "--bind", f"127.0.0.1:{free_port()}", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_nothing_lost(figures: dict) -> None:
    assert {name: figures[name] for name in CLEAN} == dict.fromkeys(CLEAN, 0), figures
    # Every acknowledged key holds exactly one row, and no row went unacknowledged.
    assert figures["unacknowledged_rows"] == 0
    assert figures["submitted"] == figures["keys"] > 0


def test_a_crowd_loses_and_duplicates_nothing_through_killed_servers_and_worker(
    tmp_path, scratch_database
):
    """One run both ways: ten submitters with resent and doubled keys, while the web
    server is killed twice and the worker once during alert delivery. (A separate 10 s
    run without kills cost another 30 s of CPU and asserted nothing this one does not.)"""
    figures = bench(
        tmp_path,
        scratch_database,
        *("--clients", "10", "--seconds", "20", "--claim-seconds", "5"),
        *("--kill-server", "2", "--alerts", "8", "--kill-worker"),
    )
    assert figures["database"] == "sqlite"
    assert figures["server_kills"] == 2 and figures["worker_kills"] == 1
    assert figures["connection_errors"] > 0  # the kills hit clients mid-request
    assert_nothing_lost(figures)
    assert figures["same_key_retries"] > 0 and figures["concurrent_same_key"] > 0
    # A resent key is answered with the first create: more 201s than rows.
    assert figures["creates_acknowledged"] > figures["keys"]
    # The clients both paused and waited for answers.
    assert 0 < figures["pause_share"] < 1
    # Every alert reached the SMTP sink and the webhook, each message at least once
    # under its stable key (a resend after the kill is deduplicated by that key).
    assert figures["alerts_filed"] == 8 and figures["alerts_missing"] == 0
    assert figures["alert_messages_delivered"] == figures["alert_messages_expected"] == 24
