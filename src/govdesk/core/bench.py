"""The benchmark registry (low, so every app can register; ``govdesk bench`` runs them):
each app declares its own in a ``benchmarks`` module::

    from govdesk.core.bench import benchmark

    @benchmark("search", help="…")
    def search(options) -> dict: ...

A benchmark returns its figures as a dict, including its baseline and the ratio to
it; ``govdesk bench NAME`` prints that dict as one JSON line. Speed targets are
checked by these benchmarks, never by timed tests.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[dict], dict]
    help: str
    arguments: Callable | None  # adds the benchmark's own options to an argparse parser


_benchmarks: dict[str, Benchmark] = {}


def benchmark(name: str, *, help: str, arguments: Callable | None = None):
    def register(run: Callable[[dict], dict]) -> Callable[[dict], dict]:
        _benchmarks[name] = Benchmark(name, run, help, arguments)
        return run

    return register


def all_benchmarks() -> dict[str, Benchmark]:
    autodiscover_modules("benchmarks")
    return dict(sorted(_benchmarks.items()))


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (nearest rank); 0 for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0
