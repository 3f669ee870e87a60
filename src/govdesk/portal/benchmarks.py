"""``govdesk bench portal``: anonymous home, column and article pages from a real
``govdesk serve`` at N concurrent clients, against the baseline of a static file of
the home page's size served from 127.0.0.1 by Python's threading HTTP server (the
same machine, the same client). Needs a database with published articles (the demo)."""

import asyncio
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.urls import reverse

from govdesk.bench.load import Processes, _wait_ready
from govdesk.core.bench import benchmark, percentile
from govdesk.portal.selectors import live_articles, site_office


def _arguments(parser):
    parser.add_argument("--clients", type=int, default=50, help="并发访问数（默认 50）")
    parser.add_argument("--seconds", type=float, default=20, help="每项持续秒数（默认 20）")
    parser.add_argument("--bind", default="127.0.0.1:8301", help="被测网页服务地址（仅限本机）")
    parser.add_argument("--static-port", type=int, default=8302, help="静态文件对照服务端口")


async def _hammer(urls: list[str], clients: int, seconds: float) -> dict:
    latencies, errors = [], 0
    ends = time.monotonic() + seconds

    async def visitor(n: int, client: httpx.AsyncClient):
        nonlocal errors
        turn = n
        while time.monotonic() < ends:
            started = time.monotonic()
            try:
                response = await client.get(urls[turn % len(urls)])
                if response.status_code != 200:
                    errors += 1
            except httpx.TransportError:
                errors += 1
            latencies.append(time.monotonic() - started)
            turn += 1

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        began = time.monotonic()
        await asyncio.gather(*(visitor(n, client) for n in range(clients)))
        took = time.monotonic() - began
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / took, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }


@benchmark("portal", help="门户网站匿名页面的并发访问：p95 与每秒请求数", arguments=_arguments)
def portal_bench(options) -> dict:
    if not options["bind"].startswith("127.0.0.1:"):
        raise ValueError("压测只能在本机回环地址上进行（--bind 127.0.0.1:端口）。")
    office = site_office()
    article = live_articles(office).first() if office else None
    if article is None:
        raise RuntimeError("数据库中没有已发布的网站文章；请先 govdesk load_demo。")
    base = f"http://{options['bind']}"
    paths = [
        reverse("portal:home"),
        reverse("portal:column", args=[article.column.slug]),
        reverse("portal:article", args=[article.pk]),
    ]
    processes = Processes(env=None, logs=settings.VAR_DIR)
    with tempfile.TemporaryDirectory() as static_dir:
        static = None
        try:
            processes.start_server(options["bind"])
            _wait_ready(base)
            size = len(httpx.get(base + paths[0]).content)
            (Path(static_dir) / "home.html").write_bytes(b"x" * size)
            port = options["static_port"]
            static = subprocess.Popen(
                [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                cwd=static_dir,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
            pages = asyncio.run(
                _hammer([base + p for p in paths], options["clients"], options["seconds"])
            )
            baseline = asyncio.run(
                _hammer(
                    [f"http://127.0.0.1:{port}/home.html"],
                    options["clients"],
                    options["seconds"],
                )
            )
        finally:
            processes.stop()
            if static is not None:
                static.terminate()
                static.wait(timeout=10)
    return {
        "benchmark": "portal",
        "clients": options["clients"],
        "page_bytes": size,
        "pages": pages,
        "baseline_static_file": baseline,
        "ratio_p95": round(pages["p95_ms"] / max(baseline["p95_ms"], 0.1), 2),
        "ratio_rps": round(pages["rps"] / max(baseline["rps"], 0.1), 2),
    }
