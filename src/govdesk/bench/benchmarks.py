"""``govdesk bench api``: the CPU cost of one API create and submit
(``govdesk.bench.api``), against a bare ``GET /readyz`` in the same run.

``govdesk bench webmem``: one web worker's peak memory while an editor reads the heavy
pages of a large office (``govdesk.bench.webmem``), against its memory after start-up
and the 1 GiB goal (issue 18).

``govdesk bench load``: concurrent submitters against a real ``govdesk serve``
(``govdesk.bench.load``). Goals (issue 12): 0 lost, 0 duplicated, 0 stuck, 0 5xx at
50 clients on SQLite and 200 on PostgreSQL; p95 create ≤ 1 s on PostgreSQL (the
baseline; ``ratio`` = p95 / 1 s)."""

from govdesk.bench import api, load, webmem
from govdesk.core.bench import benchmark


def _arguments(parser):
    defaults = load.Options()
    parser.add_argument("--clients", type=int, default=50, help="并发报送人数（默认 50）")
    parser.add_argument("--seconds", type=float, default=60, help="持续秒数（默认 60）")
    parser.add_argument(
        "--think", type=float, default=defaults.think, help="每人两次起草之间最多停顿的秒数"
    )
    parser.add_argument("--bind", default=defaults.bind, help="被测服务监听地址（仅限本机）")
    parser.add_argument(
        "--claim-seconds", type=int, default=defaults.claim_seconds, help="幂等键占用超时秒数"
    )
    parser.add_argument("--kill-server", type=int, default=0, help="期间强杀网页服务的次数")
    parser.add_argument("--alerts", type=int, default=0, help="期间报送的紧急信息条数")
    parser.add_argument(
        "--kill-worker", action="store_true", help="提醒发送期间强杀一次后台任务进程"
    )


@benchmark(
    "load", help="并发报送压测：丢失、重复、卡住的幂等键、5xx 与起草延迟", arguments=_arguments
)
def load_bench(options) -> dict:
    if not options["bind"].startswith("127.0.0.1:"):
        raise ValueError("压测只能在本机回环地址上进行（--bind 127.0.0.1:端口）。")
    return load.run(
        load.Options(
            clients=options["clients"],
            seconds=options["seconds"],
            think=options["think"],
            bind=options["bind"],
            claim_seconds=options["claim_seconds"],
            kill_server=options["kill_server"],
            alerts=options["alerts"],
            kill_worker=options["kill_worker"],
        )
    )


def _api_arguments(parser):
    parser.add_argument("--rounds", type=int, default=50, help="计时的起草并报送次数（默认 50）")
    parser.add_argument("--profile", default="", help="把计时部分的 cProfile 数据写入此文件")


@benchmark(
    "api",
    help="接口起草并报送一次所耗的进程 CPU 时间与 SQL 语句数（对照 /readyz）",
    arguments=_api_arguments,
)
def api_bench(options) -> dict:
    return api.run(rounds=options["rounds"], profile=options["profile"])


def _webmem_arguments(parser):
    parser.add_argument("--items", type=int, default=500_000, help="语料条数（默认 500000）")
    parser.add_argument("--bind", default="127.0.0.1:8341", help="被测服务监听地址（仅限本机）")
    parser.add_argument("--rounds", type=int, default=10, help="每类页面请求的轮数（默认 10）")


@benchmark(
    "webmem",
    help="网页工作进程的内存峰值（检索、查重、工作台及导出、排名与通报导出）",
    arguments=_webmem_arguments,
)
def webmem_bench(options) -> dict:
    if not options["bind"].startswith("127.0.0.1:"):
        raise ValueError("只能在本机回环地址上测试（--bind 127.0.0.1:端口）。")
    return webmem.run(items=options["items"], bind=options["bind"], rounds=options["rounds"])
