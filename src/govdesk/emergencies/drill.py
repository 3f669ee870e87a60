"""An alert drill on real sockets, for the worker tests and ``govdesk bench alerts``.

``Rig`` starts, in a temporary GOVDESK_VAR_DIR with its own SQLite database: an SMTP
sink and a webhook receiver (``receivers``), redis-server on a free loopback port
(Redis mode), and ``govdesk run_huey`` worker processes. ``Rig.drill(n)`` files n
emergency reports through ``govdesk emergency_drill`` and returns each message's
submission time, to compare with what the receivers got. Its commands skip Django's
system checks, as ``govdesk bench`` starts ``serve``: the checks import every URL
module (the API's schemas, a second of CPU per process) and have their own tests.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

from govdesk.notifications.receivers import SmtpSink, WebhookReceiver, free_port

GOVDESK = str(Path(sys.executable).with_name("govdesk"))


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


class Rig:
    """``ports``: the SMTP sink's, the webhook receiver's and redis-server's (on a
    shared machine, the ports one was given); free ones when empty. ``database``: a
    callable that puts a migrated database into the var dir instead of migrating it
    (the tests migrate once per run)."""

    def __init__(
        self,
        *,
        mode: str,
        workers: int = 2,
        ports: tuple[int, int, int] = (0, 0, 0),
        database=None,
    ):
        assert mode in ("embedded", "redis")
        self.mode, self.workers, self.ports = mode, workers, ports
        self.database = database
        self.processes: list[subprocess.Popen] = []

    def __enter__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="govdesk-drill-")
        self.sink = SmtpSink(port=self.ports[0]).__enter__()
        self.hook = WebhookReceiver(port=self.ports[1]).__enter__()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")},
            "GOVDESK_VAR_DIR": self.dir.name,
            "GOVDESK_SECRET_KEY": "drill",
            "GOVDESK_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "GOVDESK_EMAIL_HOST": "127.0.0.1",
            "GOVDESK_EMAIL_PORT": str(self.sink.port),
            "GOVDESK_LOG_LEVEL": "WARNING",
            "GOVDESK_DELIVERY_LEASE_SECONDS": "5",
        }
        if self.mode == "redis":
            port = self.ports[2] or free_port()
            self._start(
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ]
            )
            self.env["GOVDESK_REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
            self._wait_for_port(port)
        if self.database:
            self.database(Path(self.dir.name))
        else:
            subprocess.run([GOVDESK, "migrate", "--no-input", "-v", "0"], env=self.env, check=True)
        count = self.workers if self.mode == "redis" else 1
        for n in range(count):
            periodic = [] if n == 0 else ["--no-periodic"]
            self._start(
                [GOVDESK, "run_huey", "--workers", "4", "-v", "0", "--skip-checks", *periodic]
            )
        self._wait_for_worker()
        return self

    def _wait_for_worker(self, timeout: float = 120) -> None:
        """Until a worker wrote its start-up heartbeat: an alert's latency is the
        pipeline's, not the worker's start-up (seconds on a busy machine), which a
        deployed worker has long behind it when alerts come."""
        database = Path(self.dir.name, "govdesk.sqlite3")
        deadline = time.time() + timeout
        while time.time() < deadline:
            with closing(sqlite3.connect(database)) as db:
                if db.execute("SELECT count(*) FROM web_workerheartbeat").fetchone()[0]:
                    return
            time.sleep(0.1)
        raise RuntimeError("govdesk run_huey did not start")

    def _start(self, command: list[str]) -> subprocess.Popen:
        log = Path(self.dir.name, f"{Path(command[0]).name}-{len(self.processes)}.log")
        with log.open("ab") as output:  # a pipe nobody reads would block the worker
            process = subprocess.Popen(command, env=self.env, stdout=output, stderr=output)
        self.processes.append(process)
        return process

    def _wait_for_port(self, port: int, timeout: float = 10) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not listen on {port}")

    @property
    def worker_processes(self) -> list[subprocess.Popen]:
        return [p for p in self.processes if p.args[0] == GOVDESK]

    def drill(self, count: int, *, pause: float = 0.0, events: str = "") -> dict[int, float]:
        """File ``count`` reports; {message id: submission time (epoch seconds)}.
        With ``events`` (a URL), a signed address there subscribes to every event."""
        done = subprocess.run(
            [
                GOVDESK,
                "emergency_drill",
                "--skip-checks",
                "--count",
                str(count),
                "--webhook",
                self.hook.url,
                "--pause",
                str(pause),
                "--events",
                events,
            ],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return {int(k): v for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.hook.__exit__(*exc)
        self.sink.__exit__(*exc)
        self.dir.cleanup()


def message_of(key: str) -> int:
    """Delivery keys read ``govdesk-<message id>-<random>``."""
    return int(key.split("-")[1])


def latencies(submitted: dict[int, float], arrivals: dict[str, float]) -> list[float]:
    return sorted(at - submitted[message_of(key)] for key, at in arrivals.items())
