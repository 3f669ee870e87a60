import json

from django.core.management.base import BaseCommand, CommandError

from govdesk.core.bench import all_benchmarks


class Command(BaseCommand):
    help = "运行性能基准，每项输出一行 JSON（含基线与倍率）。"

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="benchmark", metavar="NAME")
        for bench in all_benchmarks().values():
            sub = subparsers.add_parser(bench.name, help=bench.help)
            if bench.arguments:
                bench.arguments(sub)

    def handle(self, *args, benchmark=None, **options):
        benchmarks = all_benchmarks()
        if benchmark not in benchmarks:
            names = "、".join(benchmarks) or "（暂无）"
            raise CommandError(f"请指定基准名称：{names}")
        figures = benchmarks[benchmark].run(options)
        self.stdout.write(json.dumps({"benchmark": benchmark, **figures}, ensure_ascii=False))
