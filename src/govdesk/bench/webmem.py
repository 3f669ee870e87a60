"""``govdesk bench webmem``: the peak memory of one web worker process (issue 18's goal:
at most 1 GiB) while an editor reads the heavy pages of a large office.

Starts ``govdesk serve`` with one worker on loopback against the search benchmark's
corpus (``benchdata.populate``; an annual scheme installed from the county preset so
that the ranking and notice have something to show), reads the worker's resident
memory after start-up (the baseline), then signs in as the office's editor and, for
``rounds`` rounds, runs searches, duplicate checks (the API and the page), the editor's
desk and its export, the ranking and the notice's spreadsheet (and once the office's
similarity page over one day's items). The figure is the
worker's peak resident memory (VmHWM in /proc/PID/status), which the kernel keeps.
"""

import logging
import os
import random
import re
import secrets
import signal
import subprocess
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.utils import timezone

from govdesk.accounts.tokens import token_issue
from govdesk.bench.load import GOVDESK, _wait_ready
from govdesk.lib import clock
from govdesk.scoring.models import Scheme
from govdesk.scoring.services import scheme_install_preset
from govdesk.search import benchdata
from govdesk.search.benchmarks import editor, query_mix
from govdesk.units.models import Unit

GOAL_BYTES = 1 << 30


def _status(pid: int) -> dict[str, int]:
    """The memory lines of /proc/PID/status, in bytes."""
    text = Path(f"/proc/{pid}/status").read_text()
    return {m[1]: int(m[2]) * 1024 for m in re.finditer(r"^(Vm\w+):\s+(\d+) kB", text, re.M)}


def _worker(master: int, timeout: float = 60) -> int:
    """gunicorn's one worker: the master's child."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("govdesk serve started no worker")


def _sign_in(client: httpx.Client, username: str, password: str) -> None:
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    answer = client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}accounts/login/"},
    )
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")


def _scheme(county) -> Scheme:
    year = timezone.localdate(clock.now()).year
    found = Scheme.objects.filter(office=county, year=year).first()
    return found or scheme_install_preset(actor=None, office=county, year=year, preset="county")


def run(*, items: int, bind: str, rounds: int) -> dict:
    county = benchdata.populate(items)
    user = editor(county)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    api_token = token_issue(user=user, name="内存基准")[1]
    scheme = _scheme(county)
    corpus = benchdata.Corpus(seed=9, pool=2000)
    unit = Unit.objects.filter(path__startswith=county.path, depth=county.depth + 1).first()
    base = f"http://{bind}"
    logs = Path(settings.VAR_DIR) / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOVDESK_WEB_WORKERS": "1"}
    with (logs / "webmem-serve.log").open("ab") as log:
        server = subprocess.Popen(
            [GOVDESK, "serve", "--bind", bind, "--skip-checks"],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    statuses: dict[int, int] = {}
    slowest: dict[str, float] = {}
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request otherwise
    try:
        _wait_ready(base)
        worker = _worker(server.pid)
        baseline = _status(worker)["VmRSS"]
        with httpx.Client(base_url=base, timeout=300) as client:
            _sign_in(client, user.username, password)
            api = {"Authorization": f"Bearer {api_token}"}
            words = query_mix(random.Random(11), rounds * 4)
            for n in range(rounds):
                _, body, _, _ = corpus.text()
                requests = [
                    *(("GET", "/search/", {"params": {"q": q}}) for q in words[4 * n : 4 * n + 4]),
                    (
                        "POST",
                        "/api/search/similar",
                        {"json": {"unit_id": unit.pk, "title": "", "body": body}, "headers": api},
                    ),
                    # The office's similarity page checks every item of its window
                    # (linear in them): one day's items, once.
                    *(
                        [("GET", f"/search/similar/{county.pk}/", {"params": {"days": 1}})]
                        * (n == 0)
                    ),
                    ("GET", "/items/desk/", {}),
                    ("GET", "/items/desk/", {"params": {"export": "xlsx"}}),
                    ("GET", f"/scoring/{scheme.pk}/ranking/", {}),
                    ("GET", f"/scoring/{scheme.pk}/notice/", {"params": {"format": "xlsx"}}),
                ]
                for method, path, extra in requests:
                    started = time.perf_counter()
                    code = client.request(method, path, **extra).status_code
                    statuses[code] = statuses.get(code, 0) + 1
                    slowest[path] = max(slowest.get(path, 0), time.perf_counter() - started)
        memory = _status(worker)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    return {
        "items": items,
        "rounds": rounds,
        "requests": sum(statuses.values()),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "peak_rss_mib": round(memory["VmHWM"] / 2**20, 1),
        "baseline_rss_mib": round(baseline / 2**20, 1),
        "end_rss_mib": round(memory["VmRSS"] / 2**20, 1),
        "ratio_to_goal": round(memory["VmHWM"] / GOAL_BYTES, 3),
        "slowest_s": {path: round(t, 2) for path, t in slowest.items()},
    }
