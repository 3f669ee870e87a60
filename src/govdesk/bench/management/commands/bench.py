import json
import os
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from govdesk.core.bench import all_benchmarks


class Command(BaseCommand):
    help = "运行性能基准，每项输出一行 JSON（含基线与倍率）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--record",
            default="",
            help="把这一行（加上时间与前后的系统负载）追加到此 JSON Lines 文件，供 bench_plot 作图",
        )
        subparsers = parser.add_subparsers(dest="benchmark", metavar="NAME")
        for bench in all_benchmarks().values():
            sub = subparsers.add_parser(bench.name, help=bench.help)
            if bench.arguments:
                bench.arguments(sub)

    def handle(self, *args, benchmark=None, record="", **options):
        benchmarks = all_benchmarks()
        if benchmark not in benchmarks:
            names = "、".join(benchmarks) or "（暂无）"
            raise CommandError(f"请指定基准名称：{names}")
        # The machine may be shared: each recorded figure carries `uptime`'s load averages.
        started, load_before = datetime.now(UTC), os.getloadavg()
        figures = {"benchmark": benchmark, **benchmarks[benchmark].run(options)}
        line = json.dumps(figures, ensure_ascii=False)
        self.stdout.write(line)
        if record:
            figures["recorded"] = {
                "started": started.isoformat(timespec="seconds"),
                "ended": datetime.now(UTC).isoformat(timespec="seconds"),
                "load_before": [round(x, 2) for x in load_before],
                "load_after": [round(x, 2) for x in os.getloadavg()],
            }
            with open(record, "a", encoding="utf-8") as out:
                out.write(json.dumps(figures, ensure_ascii=False) + "\n")
