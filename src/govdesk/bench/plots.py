"""Figures of ``govdesk bench --record`` runs against corpus size, one SVG per benchmark
(``govdesk bench_plot``): each panel is one measured quantity with its baseline, log-log
axes (a straight line's slope is the growth exponent), the goal as a dashed line and the
1-minute load average at the start of each run beside its point."""

import json
from collections import defaultdict
from pathlib import Path

# benchmark → panels: (title, unit, [(figure key, label)], goal or None)
PANELS = {
    "scoring": [
        ("annual ranking", "s", [("annual_ranking_s", "ranking"), ("floor_sql_s", "SQL floor")], 2),
        ("full ledger rebuild", "s", [("rebuild_s", "rebuild")], 300),
        (
            "one event's ledger update",
            "ms",
            [("event_update_p50_ms", "p50"), ("event_update_p95_ms", "p95")],
            50,
        ),
        ("peak memory of the process", "MiB", [("peak_rss_mib", "peak RSS")], 1024),
    ],
    "search": [
        (
            "search vs LIKE scan",
            "ms",
            [
                ("p50_ms", "search p50"),
                ("p95_ms", "search p95"),
                ("baseline_like_p50_ms", "LIKE p50"),
                ("baseline_like_p95_ms", "LIKE p95"),
            ],
            200,
        ),
        ("LIKE ÷ search", "×", [("ratio_p50", "p50"), ("ratio_p95", "p95")], 20),
    ],
    "dedup": [
        (
            "duplicate check",
            "ms",
            [
                ("p50_ms", "p50"),
                ("p95_ms", "p95"),
                ("copies_p95_ms", "p95, copies of stored items"),
                ("first_check_ms", "first in a process"),
            ],
            50,
        ),
        (
            "recall and precision",
            "",
            [
                ("recall", "recall"),
                ("precision", "precision"),
                ("copies_recall", "recall, copies of stored items"),
            ],
            None,
        ),
    ],
    "webmem": [
        (
            "memory of one web worker",
            "MiB",
            [("peak_rss_mib", "peak RSS"), ("baseline_rss_mib", "after start-up")],
            1024,
        ),
    ],
}


def _items(run: dict) -> int | None:
    return run.get("items") or (run.get("sizes") or {}).get("items")


def read_runs(paths) -> dict[str, list[dict]]:
    """Recorded runs by benchmark, ordered by size: the last one recorded of each size
    (a size measured again replaces its earlier run)."""
    runs = defaultdict(dict)
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                run = json.loads(line)
                if run.get("benchmark") in PANELS and _items(run):
                    runs[run["benchmark"]][_items(run)] = run
    return {name: [found[n] for n in sorted(found)] for name, found in runs.items()}


def plot(name: str, runs: list[dict], out: Path) -> Path:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "govdesk"  # the same runs give the same file
    plt.rcParams["svg.fonttype"] = "none"  # text as text: smaller, and searchable
    panels = PANELS[name]
    rows, columns = (len(panels) + 1) // 2, min(2, len(panels))
    fig, axes = plt.subplots(rows, columns, figsize=(6 * columns, 4.2 * rows), squeeze=False)
    sizes = [_items(run) for run in runs]
    for ax, (title, unit, series, goal) in zip(axes.flat, panels, strict=True):
        for key, label in series:
            # (a log axis has no 0: a figure below its rounding is left out)
            points = [(n, run[key]) for n, run in zip(sizes, runs, strict=True) if run.get(key)]
            if points:
                ax.plot(*zip(*points, strict=True), marker="o", label=label)
        if goal is not None:
            ax.axhline(goal, linestyle="--", color="grey", label=f"goal {goal:g} {unit}")
        for n, run in zip(sizes, runs, strict=True):
            load = (run.get("recorded") or {}).get("load_before")
            if load:
                ax.annotate(
                    f"load {load[0]:.1f}",
                    (n, 0),
                    xycoords=("data", "axes fraction"),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                )
        ax.set_xscale("log")
        if unit:
            ax.set_yscale("log")
        ax.set_xlabel("items")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"govdesk bench {name} on {runs[-1].get('database', 'postgresql')}")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, metadata={"Date": None})
    plt.close(fig)
    return out
