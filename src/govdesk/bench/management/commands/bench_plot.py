from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from govdesk.bench import plots


class Command(BaseCommand):
    help = "把 govdesk bench --record 记录的各次运行按语料规模作图（每个基准一个 SVG）。"

    def add_arguments(self, parser):
        parser.add_argument("records", nargs="+", help="bench --record 写的 JSON Lines 文件")
        parser.add_argument("--out", default="docs/bench", help="SVG 所在目录（默认 docs/bench）")

    def handle(self, *args, records, out, **options):
        try:
            import matplotlib  # noqa: F401 — the optional `bench` extra
        except ImportError as missing:
            raise CommandError("作图需要 matplotlib：pip install -e '.[bench]'") from missing
        runs = plots.read_runs(records)
        if not runs:
            raise CommandError("记录中没有可作图的基准（scoring、search、dedup、webmem）。")
        for name, found in runs.items():
            path = plots.plot(name, found, Path(out) / f"{name}.svg")
            self.stdout.write(f"{path}（{len(found)} 次运行）")
