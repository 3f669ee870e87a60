"""`govdesk bench scoring` at a small size: it builds, rebuilds, ranks and exports,
prints one JSON line, and --reuse measures the same data again without building it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from govdesk.scoring import benchmarks as scoring_bench
from govdesk.scoring.models import LedgerLine, Scheme

pytestmark = pytest.mark.django_db

# Ten timed event updates, not the default 200: what is asserted of them (p50 <= p95, the
# ratio to the goal) holds for any count, and at 200 they were nine tenths of the time.
SMALL = ["--units", "40", "--items", "600", "--adoptions", "200", "--annotations", "20",
         "--penalties", "10", "--repeat", "1", "--events", "10"]  # fmt: skip


def bench(*args, record=()) -> dict:
    out = StringIO()
    call_command("bench", *record, "scoring", *SMALL, *args, stdout=out)
    return json.loads(out.getvalue())


def test_bench_scoring_builds_measures_and_reuses():
    first = bench()
    scheme = Scheme.objects.get()
    assert first["ledger_lines"] == LedgerLine.objects.filter(scheme=scheme).count() > 100
    assert scheme.summarised and first["reused"] is False and first["build_s"] > 0
    assert first["annual_ranking_s"] > 0 and first["ranking_vs_floor"] > 0
    assert 0 < first["monthly_notice_cpu_s"] <= first["monthly_notice_docx_xlsx_s"] + 0.01
    again = bench("--reuse")
    assert again["reused"] is True and again["build_s"] == 0
    assert again["ledger_lines"] == first["ledger_lines"]
    assert Scheme.objects.count() == 1  # measured on the same scheme, nothing added


def test_a_recorded_run_is_plotted_against_its_size(tmp_path):
    runs = tmp_path / "runs.jsonl"
    printed = bench(record=["--record", str(runs)])
    assert printed["sizes"] == {
        "units": 40, "items": 600, "adoptions": 200, "annotations": 20, "penalties": 10
    }  # fmt: skip
    assert 0 < printed["event_update_p50_ms"] <= printed["event_update_p95_ms"]
    assert printed["event_vs_goal"] == round(printed["event_update_p95_ms"] / 50, 2)
    recorded = json.loads(runs.read_text())
    assert {k: v for k, v in recorded.items() if k != "recorded"} == printed
    assert len(recorded["recorded"]["load_before"]) == 3

    out = StringIO()
    call_command("bench_plot", str(runs), "--out", str(tmp_path), stdout=out)
    assert out.getvalue().strip() == f"{tmp_path / 'scoring.svg'}（1 次运行）"
    svg = (tmp_path / "scoring.svg").read_text()
    for text in ("annual ranking", "one event's ledger update", "p95", "goal 50 ms"):
        assert text in svg
    assert f"load {recorded['recorded']['load_before'][0]:.1f}" in svg


def test_the_other_sizes_follow_the_items():
    assert scoring_bench.sizes({"items": 2_000_000, "units": None}) == {
        "items": 2_000_000, "units": 20_000, "adoptions": 600_000, "annotations": 40_000,
        "penalties": 8_000,
    }  # fmt: skip
    assert scoring_bench.sizes({"items": 500_000, "units": 7})["units"] == 7


def test_plotting_needs_a_recorded_benchmark(tmp_path):
    runs = tmp_path / "runs.jsonl"
    runs.write_text(json.dumps({"benchmark": "api", "rounds": 5}) + "\n")
    message = "记录中没有可作图的基准（scoring、search、dedup、webmem）。"
    with pytest.raises(CommandError, match=message):
        call_command("bench_plot", str(runs), "--out", str(tmp_path))


def test_reuse_needs_an_earlier_run():
    with pytest.raises(Exception, match="没有可复用的基准数据"):
        bench("--reuse")
