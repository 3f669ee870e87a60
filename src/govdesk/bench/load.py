"""Many submitters against a real ``govdesk serve`` (``govdesk bench load``, the load and
fault tests): what a crowd of officers does, and what the database holds afterwards.

Each simulated officer has an API token and, until the time is up, drafts items through
``POST /api/items`` with an ``Idempotency-Key``, sometimes resending the same key at once
or twice concurrently (a double tap, a client retry), then submits the item. A create
is retried with its key until it is answered 201 (after a dropped connection, a 5xx or
a 409 "in progress"), so every key ends acknowledged or is reported unresolved. The
figures then come from the database: acknowledged creates without a row (lost), keys
or titles with two rows (duplicated), keys left claimed without a result (stuck).

Faults (``kill_server``, ``alerts`` with ``kill_worker``): the web server's process
group is killed with SIGKILL and restarted while clients are writing; emergency reports
are filed meanwhile and the worker is killed once while it delivers their alerts to a
local SMTP sink and webhook receiver, which must each get every message (at least
once, under the delivery's stable key).

Everything runs on loopback against the database of the calling process's settings,
which must hold nothing but drill data (``emergency_drill``'s rule).
"""

import asyncio
import contextlib
import io
import json
import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.accounts.tokens import token_issue
from govdesk.core.bench import percentile
from govdesk.core.models import RequestKey
from govdesk.emergencies.drill import message_of
from govdesk.items.models import Item, State
from govdesk.lib import clock
from govdesk.units.models import Unit

GOVDESK = str(Path(sys.executable).with_name("govdesk"))
TOWN = "演练镇人民政府"  # the drill's township (``emergency_drill``)
BODY = "6月3日，演练镇召开防汛工作部署会，全镇12个村落实防汛责任人36名，排查隐患点8处。"
# Each drill report alerts the duty officer and the leader by e-mail, and the webhook.
MESSAGES_PER_ALERT = 3


@dataclass
class Options:
    clients: int = 10
    seconds: float = 10.0
    think: float = 1.0  # a submitter's pause between items (seconds, random up to this)
    bind: str = "127.0.0.1:8100"
    retry_share: float = 0.2  # creates resent at once with the same key
    concurrent_share: float = 0.1  # creates sent twice at the same time with one key
    claim_seconds: int = 120  # the server's GOVDESK_REQUEST_KEY_CLAIM_SECONDS
    kill_server: int = 0  # SIGKILL the web server this many times during the run
    alerts: int = 0  # emergency reports filed during the run
    kill_worker: bool = False  # SIGKILL the worker once while it delivers the alerts
    seed: int = 1


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, creates answered 201
    acknowledged: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    submitted: set[int] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    connection_errors: int = 0
    unresolved: int = 0
    same_key_retries: int = 0
    concurrent_same_key: int = 0
    paused: float = 0.0  # seconds the clients spent in their pauses, all together


class Processes:
    """``govdesk serve`` and ``govdesk run_huey`` as killable process groups."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs = env, logs
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.server_kills = 0

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        with (self.logs / f"{name}.log").open("ab") as log:
            return subprocess.Popen(
                command, env=self.env, stdout=log, stderr=log, start_new_session=True
            )

    def start_server(self, bind: str) -> None:
        self.server = self._start("serve", [GOVDESK, "serve", "--bind", bind, "--skip-checks"])

    def start_worker(self) -> None:
        self.worker = self._start(
            "worker", [GOVDESK, "run_huey", "--workers", "4", "-v", "0", "--skip-checks"]
        )

    @staticmethod
    def kill(process: subprocess.Popen | None, sig=signal.SIGKILL) -> None:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, sig)
            process.wait(timeout=30)

    def stop(self) -> None:
        for process in (self.server, self.worker):
            try:
                self.kill(process, signal.SIGTERM)
            except subprocess.TimeoutExpired:
                self.kill(process)


def _guard() -> None:
    if Unit.objects.exclude(name__startswith="演练").exists():
        raise RuntimeError(
            "压测只能在空数据库中进行（本库已有真实单位）；请用临时的 GOVDESK_VAR_DIR。"
        )


def _officers(count: int, webhook: str) -> tuple[int, list[str]]:
    """The drill's world (with its webhook), and ``count`` officers of its township with
    an API token each (no password: nothing to hash)."""
    call_command("emergency_drill", count=0, webhook=webhook, stdout=io.StringIO())
    town = Unit.objects.get(name=TOWN)
    tokens = []
    for n in range(count):
        user, created = User.objects.get_or_create(
            username=f"load_{n:03d}", defaults={"full_name": f"压测信息员{n:03d}"}
        )
        if created:
            membership_grant(actor=None, user=user, unit=town, role=Role.OFFICER)
        tokens.append(token_issue(user=user, name="压测")[1])
    return town.pk, tokens


def _wait_ready(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    # One client for the polls: each new one loads the CA certificates again (~15 ms).
    with httpx.Client(base_url=base, timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if client.get("/readyz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise RuntimeError(f"govdesk serve did not become ready at {base}")


class Submitter:
    def __init__(self, name: str, token: str, town: int, tally: Tally, opts: Options, ends):
        self.name, self.town, self.tally, self.opts = name, town, tally, opts
        self.stop_at, self.give_up_at = ends
        self.headers = {"Authorization": f"Bearer {token}"}
        self.rng = random.Random(f"{opts.seed}-{name}")

    async def _post(self, client, url: str, **kwargs) -> httpx.Response | None:
        try:
            response = await client.post(
                url, headers=self.headers | kwargs.pop("headers", {}), **kwargs
            )
        except httpx.TransportError:
            self.tally.connection_errors += 1
            return None
        self.tally.statuses[response.status_code] += 1
        return response

    async def create(self, client, key: str, title: str) -> int | None:
        body = {"unit": self.town, "title": title, "body": BODY, "writer": "张晓梅"}
        while time.monotonic() < self.give_up_at:
            started = time.monotonic()
            response = await self._post(
                client, "/api/items", json=body, headers={"Idempotency-Key": key}
            )
            if response is not None and response.status_code == 201:
                self.tally.latencies.append(time.monotonic() - started)
                item_id = response.json()["id"]
                self.tally.acknowledged[key].add(item_id)
                return item_id
            if response is not None and response.status_code == 429:
                await _throttled(response)
                continue
            if response is not None and response.status_code < 500 and response.status_code != 409:
                return None  # refused: nothing to retry
            await asyncio.sleep(0.5)  # dropped, 5xx, or the first request still running
        self.tally.unresolved += 1
        return None

    async def submit(self, client, item_id: int) -> None:
        dropped = False
        while time.monotonic() < self.give_up_at:
            response = await self._post(client, f"/api/items/{item_id}/actions/submit")
            if response is not None and response.status_code == 429:
                await _throttled(response)
                continue
            if response is None or response.status_code >= 500:
                dropped = True
                await asyncio.sleep(0.5)
                continue
            # After a dropped answer, 409 may mean the first submit went through: the
            # database says (see ``count``).
            if response.status_code == 200 or (dropped and response.status_code == 409):
                self.tally.submitted.add(item_id)
            return

    async def pause(self) -> None:
        pause = self.rng.random() * self.opts.think
        self.tally.paused += pause
        await asyncio.sleep(pause)

    async def run(self, client) -> None:
        # Officers start as they would between items, not all in the same instant: a
        # first wave of every client at once is a burst no office makes.
        await self.pause()
        done = 0
        while time.monotonic() < self.stop_at:
            key = str(uuid.UUID(int=self.rng.getrandbits(128)))
            title = f"压测{self.name}-{done:04d} 演练镇部署防汛工作"
            roll = self.rng.random()
            if roll < self.opts.concurrent_share:
                self.tally.concurrent_same_key += 1
                ids = await asyncio.gather(*(self.create(client, key, title) for _ in range(2)))
                item_id = ids[0]
            else:
                item_id = await self.create(client, key, title)
                if (
                    item_id is not None
                    and roll < self.opts.concurrent_share + self.opts.retry_share
                ):
                    self.tally.same_key_retries += 1
                    await self.create(client, key, title)
            if item_id is not None:
                await self.submit(client, item_id)
            done += 1
            await self.pause()


async def _throttled(response: httpx.Response) -> None:
    """A personal token's calls a minute are capped (``GOVDESK_API_TOKEN_RATE_LIMIT``):
    wait as the answer says, as a client should, then try again."""
    await asyncio.sleep(float(response.headers.get("Retry-After", "1")))


async def _crowd(base: str, submitters: list[Submitter]) -> None:
    async def one(submitter):
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            await submitter.run(client)

    await asyncio.gather(*(one(s) for s in submitters))


def count(tally: Tally, users, *, title_prefix: str, since) -> dict:
    """What the database holds against what the clients were told."""
    rows = Item.objects.filter(created_by__in=users, title__startswith=title_prefix)
    existing = set(rows.values_list("pk", flat=True))
    acknowledged = set().union(*tally.acknowledged.values()) if tally.acknowledged else set()
    twice = rows.values("title").annotate(n=Count("pk")).filter(n__gt=1)
    drafts = set(rows.filter(state=State.DRAFT).values_list("pk", flat=True))
    return {
        "lost": len(acknowledged - existing),
        "duplicated": sum(len(ids) > 1 for ids in tally.acknowledged.values()) + twice.count(),
        "stuck": RequestKey.objects.filter(
            user__in=users, claimed_at__gte=since, result=""
        ).count(),
        "unacknowledged_rows": len(existing - acknowledged),
        "lost_submits": len(tally.submitted & drafts),
    }


class AlertDrill:
    """Files emergency reports during the run (``emergency_drill``) and, once the first
    alerts arrived, kills the worker once and starts it again."""

    def __init__(self, count: int, processes: Processes, sink, hook, kill_worker: bool):
        self.count, self.processes, self.kill_worker = count, processes, kill_worker
        self.sink, self.hook = sink, hook
        self.filed: set[int] = set()
        self.worker_kills = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            for _ in range(self.count):
                out = io.StringIO()
                call_command("emergency_drill", count=1, webhook=self.hook.url, stdout=out)
                self.filed |= {int(k) for k in json.loads(out.getvalue().splitlines()[-1])}
                if self.kill_worker and not self.worker_kills and self.sink.inbox.arrivals:
                    Processes.kill(self.processes.worker)
                    self.worker_kills += 1
                    time.sleep(1)
                    self.processes.start_worker()
                time.sleep(0.2)
        finally:
            connection.close()

    def figures(self, timeout: float) -> dict:
        self.thread.join()
        expected = len(self.filed) * MESSAGES_PER_ALERT
        deadline = time.time() + timeout
        while time.time() < deadline and self._distinct() < expected:
            time.sleep(0.2)
        arrivals = self.sink.inbox.arrivals + self.hook.inbox.arrivals
        reached = {message_of(key) for key, _, _ in arrivals}
        return {
            "alerts_filed": len(self.filed),
            "alert_messages_expected": expected,
            "alert_messages_delivered": self._distinct(),
            "alerts_missing": len(self.filed - reached),
            "alert_messages_resent": len(arrivals) - self._distinct(),
            "worker_kills": self.worker_kills,
        }

    def _distinct(self) -> int:
        return len(self.sink.inbox.first_arrival()) + len(self.hook.inbox.first_arrival())


def _receivers(stack: contextlib.ExitStack, opts: Options) -> tuple:
    """An SMTP sink and a webhook receiver when alerts are drilled (aiosmtpd is a
    development dependency), and the worker's settings to reach them."""
    if not opts.alerts:
        return None, None, {}
    from govdesk.notifications.receivers import SmtpSink, WebhookReceiver

    sink, hook = stack.enter_context(SmtpSink()), stack.enter_context(WebhookReceiver())
    return (
        sink,
        hook,
        {
            "GOVDESK_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "GOVDESK_EMAIL_HOST": "127.0.0.1",
            "GOVDESK_EMAIL_PORT": str(sink.port),
            "GOVDESK_DELIVERY_LEASE_SECONDS": "5",
        },
    )


def run(opts: Options) -> dict:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    call_command("migrate", verbosity=0)
    _guard()
    logs = Path(settings.VAR_DIR) / "bench-load"
    logs.mkdir(parents=True, exist_ok=True)
    run_tag = uuid.uuid4().hex[:6]
    since = clock.now()
    with contextlib.ExitStack() as stack:
        sink, hook, mail_env = _receivers(stack, opts)
        town, tokens = _officers(opts.clients, hook.url if hook else "")
        users = list(User.objects.filter(username__startswith="load_"))
        env = {
            **os.environ,
            "GOVDESK_REQUEST_KEY_CLAIM_SECONDS": str(opts.claim_seconds),
            "GOVDESK_LOG_LEVEL": "WARNING",
            **mail_env,
        }
        processes = Processes(env, logs)
        base = f"http://{opts.bind}"
        tally = Tally()
        load_before = os.getloadavg()[0]
        try:
            processes.start_worker()
            processes.start_server(opts.bind)
            _wait_ready(base)
            connection.close()  # the drill thread and the counting open their own
            drill = AlertDrill(opts.alerts, processes, sink, hook, opts.kill_worker)
            if opts.alerts:
                drill.thread.start()
            started = time.monotonic()
            ends = (started + opts.seconds, started + opts.seconds + opts.claim_seconds + 60)
            submitters = [
                Submitter(f"{run_tag}-{n:03d}", token, town, tally, opts, ends)
                for n, token in enumerate(tokens)
            ]
            kills = threading.Thread(
                target=_kill_server, args=(processes, opts, base, started), daemon=True
            )
            kills.start()
            asyncio.run(_crowd(base, submitters))
            elapsed = time.monotonic() - started
            kills.join()
            load_after = os.getloadavg()[0]
            alerts = drill.figures(timeout=150) if opts.alerts else {}
        finally:
            processes.stop()
    figures = count(tally, users, title_prefix=f"压测{run_tag}", since=since)
    p95 = percentile(tally.latencies, 0.95)
    web = settings.GOVDESK_WEB
    return {
        "database": connection.vendor,
        "clients": opts.clients,
        "seconds": round(elapsed, 1),
        "think_seconds": opts.think,
        "web_workers": web["workers"],
        "web_threads": web["threads"],
        "creates_acknowledged": len(tally.latencies),
        "keys": len(tally.acknowledged) + tally.unresolved,
        "same_key_retries": tally.same_key_retries,
        "concurrent_same_key": tally.concurrent_same_key,
        "submitted": len(tally.submitted),
        "in_progress_409": tally.statuses[409],
        "server_errors_5xx": sum(n for code, n in tally.statuses.items() if code >= 500),
        "throttled_429": tally.statuses[429],
        "other_4xx": sum(
            n for c, n in tally.statuses.items() if 400 <= c < 500 and c not in (409, 429)
        ),
        "connection_errors": tally.connection_errors,
        "unresolved": tally.unresolved,
        **figures,
        "server_kills": processes.server_kills,
        **alerts,
        "p50_create": round(percentile(tally.latencies, 0.5), 3),
        "p95_create": round(p95, 3),
        "max_create": round(max(tally.latencies, default=0.0), 3),
        "creates_per_second": round(len(tally.latencies) / elapsed, 1),
        # Near 1 the clients mostly pause and the server keeps up; near 0 they mostly
        # wait for answers: the run measures the queue of a saturated server.
        "pause_share": round(tally.paused / (opts.clients * elapsed), 3),
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "baseline_p95_create": 1.0,
        "ratio": round(p95 / 1.0, 3),
    }


def _kill_server(processes: Processes, opts: Options, base: str, started: float) -> None:
    """SIGKILL the server's process group at evenly spread moments, restarting it each time."""
    for n in range(opts.kill_server):
        moment = started + opts.seconds * (n + 1) / (opts.kill_server + 1)
        time.sleep(max(0.0, moment - time.monotonic()))
        Processes.kill(processes.server)
        processes.server_kills += 1
        processes.start_server(opts.bind)
        _wait_ready(base)
