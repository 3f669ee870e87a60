"""``govdesk bench webmem`` against a real ``govdesk serve`` with one worker on loopback
(a scratch SQLite GOVDESK_VAR_DIR): every heavy page answers, and the worker's peak
memory is read from /proc, above its memory after start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govdesk.bench import plots
from govdesk.notifications.receivers import free_port

GOVDESK = str(Path(sys.executable).with_name("govdesk"))
pytestmark = pytest.mark.slow


def test_peak_memory_of_a_worker_reading_the_heavy_pages(tmp_path, scratch_database):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVDESK_")}
    env.update(GOVDESK_VAR_DIR=str(tmp_path), GOVDESK_SECRET_KEY="webmem")
    scratch_database(tmp_path)  # migrated once per run
    done = subprocess.run(
        [GOVDESK, "bench", "--skip-checks", "webmem", "--items", "200", "--rounds", "2",
         "--bind", f"127.0.0.1:{free_port()}"],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # Per round: 4 searches, the duplicate API, the desk, its export (the file, or for
    # a large desk a redirect to the queued export), the ranking and the notice's
    # spreadsheet; the similarity page once.
    assert figures["requests"] == 19 and figures["statuses"] == {"200": 19}
    assert set(figures["slowest_s"]) == {
        "/search/", "/api/search/similar", "/search/similar/1/", "/items/desk/",
        "/scoring/1/ranking/", "/scoring/1/notice/",
    }  # fmt: skip
    assert 0 < figures["baseline_rss_mib"] < figures["peak_rss_mib"]
    # The ratio is the peak over the 1 GiB goal, both rounded from the same bytes: the
    # printed peak to 0.1 MiB, the ratio to 0.001 (311.8 MiB can print 0.305, not 0.304).
    assert abs(figures["ratio_to_goal"] - figures["peak_rss_mib"] / 1024) <= 0.0005 + 0.05 / 1024


def test_webmem_serves_on_loopback_only():
    done = subprocess.run(
        [GOVDESK, "bench", "--skip-checks", "webmem", "--bind", "0.0.0.0:8000"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (
        done.returncode != 0
        and "只能在本机回环地址上测试（--bind 127.0.0.1:端口）。" in done.stderr
    )


def test_plot_takes_the_last_run_of_each_size(tmp_path):
    runs = tmp_path / "runs.jsonl"
    recorded = [
        {"benchmark": "webmem", "items": 100, "peak_rss_mib": 400.0, "baseline_rss_mib": 200.0},
        {"benchmark": "webmem", "items": 10, "peak_rss_mib": 300.0, "baseline_rss_mib": 200.0},
        {"benchmark": "webmem", "items": 100, "peak_rss_mib": 350.0, "baseline_rss_mib": 210.0},
    ]
    runs.write_text("".join(json.dumps(run) + "\n" for run in recorded))
    assert plots.read_runs([runs]) == {"webmem": [recorded[1], recorded[2]]}
    svg = plots.plot("webmem", plots.read_runs([runs])["webmem"], tmp_path / "webmem.svg")
    for text in ("memory of one web worker", "peak RSS", "after start-up", "goal 1024 MiB"):
        assert text in svg.read_text()
