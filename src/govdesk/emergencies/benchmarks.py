"""``govdesk bench alerts``: submission-to-delivery latency over real sockets.

For each mode (embedded SQLite queue with one worker process; Redis with two), a
drill files N emergency reports in a scratch GOVDESK_VAR_DIR and the SMTP sink and
webhook receiver time every message's first arrival. Targets (issue 14): p95 ≤ 2 s
embedded, ≤ 1 s with Redis; the target is the baseline and ``ratio`` = p95/target.
"""

from govdesk.core.bench import benchmark, percentile
from govdesk.emergencies.drill import Rig, latencies, redis_available

TARGET_P95 = {"embedded": 2.0, "redis": 1.0}


def _arguments(parser):
    parser.add_argument("--count", type=int, default=200, help="报送紧急信息条数（默认 200）")
    parser.add_argument("--modes", default="embedded,redis", help="embedded、redis，逗号分隔")
    parser.add_argument(
        "--ports",
        default="",
        help="SMTP 收件端、Webhook 接收端与 redis-server 的本机端口，逗号分隔（默认任选空闲端口）",
    )


def _run(mode: str, count: int, ports: tuple[int, int, int]) -> dict:
    with Rig(mode=mode, workers=2, ports=ports) as rig:
        submitted = rig.drill(count)
        rig.sink.inbox.wait_for(count * 2, timeout=120)
        rig.hook.inbox.wait_for(count, timeout=60)
        arrivals = {**rig.sink.inbox.first_arrival(), **rig.hook.inbox.first_arrival()}
    values = latencies(submitted, arrivals)
    p95 = percentile(values, 0.95)
    return {
        "messages": len(values),
        "expected": count * 3,
        "p50": round(percentile(values, 0.5), 3),
        "p95": round(p95, 3),
        "max": round(values[-1], 3),
        "baseline_p95": TARGET_P95[mode],
        "ratio": round(p95 / TARGET_P95[mode], 3),
    }


@benchmark("alerts", help="紧急信息提醒：报送到邮件/Webhook 送达的延迟", arguments=_arguments)
def alerts(options) -> dict:
    figures = {"submissions": options["count"]}
    ports = tuple(int(p) for p in options["ports"].split(",")) if options["ports"] else (0, 0, 0)
    for mode in options["modes"].split(","):
        if mode == "redis" and not redis_available():
            figures[mode] = {"skipped": "redis-server not installed"}
            continue
        figures[mode] = _run(mode, options["count"], ports)
    return figures
