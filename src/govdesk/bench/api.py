"""The CPU cost of the API's busiest path (``govdesk bench api``): what one officer's
``POST /api/items`` (with an ``Idempotency-Key``) and ``POST …/actions/submit`` cost
the server process, measured as process CPU time, not wall time, so a machine busy
with other work gives the same figure. The baseline in the same run is a bare
``GET /readyz`` through the same middleware; ``ratio`` = create+submit ÷ readyz.

Requests go through Django's test client: the full middleware stack, URL routing,
authentication, the view and the JSON rendering, without a socket or a server.
Like ``bench load`` it runs only on a database holding drill data.
"""

import cProfile
import time
import uuid

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from govdesk.bench import load

WARMUP = 5  # rounds before timing: imports, caches, the first statements compiled


def _cpu_ms(action, rounds: int) -> float:
    started = time.process_time()
    for _ in range(rounds):
        action()
    return (time.process_time() - started) * 1000 / rounds


class Officer:
    """One drill officer calling the API with a bearer token."""

    def __init__(self, town: int, token: str):
        self.town = town
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME="127.0.0.1")
        self.n = 0

    def create(self) -> int:
        self.n += 1
        response = self.client.post(
            "/api/items",
            {"unit": self.town, "title": f"接口基准{uuid.uuid4().hex[:8]}", "body": load.BODY},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
        if response.status_code != 201:
            raise RuntimeError(f"create answered {response.status_code}: {response.content!r}")
        return response.json()["id"]

    def submit(self, item_id: int) -> None:
        response = self.client.generic("POST", f"/api/items/{item_id}/actions/submit")
        if response.status_code != 200:
            raise RuntimeError(f"submit answered {response.status_code}: {response.content!r}")

    def create_and_submit(self) -> None:
        self.submit(self.create())

    def ready(self) -> None:
        if self.client.get("/readyz").status_code != 200:
            raise RuntimeError("/readyz did not answer 200")


def queries(officer: Officer) -> tuple[int, int]:
    """SQL statements of one create and of one submit."""
    with CaptureQueriesContext(connection) as created:
        item_id = officer.create()
    with CaptureQueriesContext(connection) as submitted:
        officer.submit(item_id)
    return len(created), len(submitted)


def run(*, rounds: int, profile: str = "") -> dict:
    call_command("migrate", verbosity=0)
    load._guard()
    town, tokens = load._officers(1, "")
    officer = Officer(town, tokens[0])
    for _ in range(WARMUP):
        officer.create_and_submit()
        officer.ready()
    create_queries, submit_queries = queries(officer)
    baseline = _cpu_ms(officer.ready, rounds)
    # CPU time, like the figure: waits for the disk or a lock are not the request's cost.
    profiler = cProfile.Profile(time.process_time) if profile else None
    if profiler:
        profiler.enable()
    figure = _cpu_ms(officer.create_and_submit, rounds)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return {
        "database": connection.vendor,
        "rounds": rounds,
        "create_submit_cpu_ms": round(figure, 2),
        "create_queries": create_queries,
        "submit_queries": submit_queries,
        "baseline_readyz_cpu_ms": round(baseline, 2),
        "ratio": round(figure / baseline, 1),
    }
