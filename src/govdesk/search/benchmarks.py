"""`govdesk bench search` and `govdesk bench dedup` (see docs/performance.md)."""

import math
import random
import re
import statistics
import time
from collections import Counter, defaultdict
from functools import reduce
from operator import and_

import numpy as np
from django.db.models import Max, Min, Q

from govdesk import policy
from govdesk.accounts.models import Role, User
from govdesk.accounts.services import membership_grant
from govdesk.core.bench import benchmark
from govdesk.items.models import Item
from govdesk.lib import segment
from govdesk.search import benchdata, dedup
from govdesk.search.selectors import search_items


def _items_option(parser):
    parser.add_argument("--items", type=int, default=500_000, help="语料条数（默认 500000）")


def _ms(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
    }


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def query_mix(rng: random.Random, count: int) -> list[str]:
    """Topic words (many of two characters), place names, and two-word queries."""
    two_char = [t for t in benchdata.TOPICS if len(t) == 2] + ["疫情", "防控", "隐患", "演练"]
    kinds = [
        lambda: rng.choice(two_char),
        lambda: rng.choice(benchdata.TOPICS),
        lambda: rng.choice(benchdata.PLACES) + "镇",
        lambda: f"{rng.choice(benchdata.TOPICS)} {rng.choice(benchdata.ACTIONS)}",
    ]
    return [kinds[i % len(kinds)]() for i in range(count)]


def editor(county) -> User:
    user, created = User.objects.get_or_create(
        username="bench_editor", defaults={"full_name": "基准编辑"}
    )
    if created:
        membership_grant(actor=None, user=user, unit=county, role=Role.EDITOR)
        user.refresh_from_db()
    return user


def _like(viewer, query: str):
    words = query.split()
    condition = reduce(and_, (Q(title__contains=w) | Q(body__contains=w) for w in words))
    qs = policy.visible_items(viewer).filter(condition)
    return qs.count(), list(qs.order_by("-updated_at", "-id").values_list("pk", flat=True)[:20])


def _search_arguments(parser):
    _items_option(parser)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--baseline-queries", type=int, default=40, help="其中用 LIKE 扫描对照的条数（默认 40）"
    )


@benchmark("search", help="全文检索与 LIKE 扫描对比", arguments=_search_arguments)
def search(options) -> dict:
    county = benchdata.populate(options["items"])
    viewer = editor(county)
    queries = query_mix(random.Random(6), options["queries"])
    search_items(viewer=viewer, q=queries[0], filters={})  # warm jieba and caches
    # The scan reads every item: at 2,000,000 items 200 of them took most of the run. A
    # random sample of the queries keeps the mix of query kinds.
    scanned = set(random.Random(7).sample(range(len(queries)), options["baseline_queries"]))
    fts, like, matches = [], [], []
    for n, q in enumerate(queries):
        results = None

        def run(q=q):
            nonlocal results
            results = search_items(viewer=viewer, q=q, filters={})

        fts.append(_timed(run))
        matches.append(results.total)
        if n in scanned:
            like.append(_timed(lambda q=q: _like(viewer, q)))
    figures, baseline = _ms(fts), _ms(like)
    return {
        "items": options["items"],
        "queries": len(queries),
        "baseline_queries": len(like),
        "median_matches": statistics.median(matches),
        **figures,
        "baseline_like_p50_ms": baseline["p50_ms"],
        "baseline_like_p95_ms": baseline["p95_ms"],
        "ratio_p50": round(baseline["p50_ms"] / figures["p50_ms"], 1),
        "ratio_p95": round(baseline["p95_ms"] / figures["p95_ms"], 1),
    }


# --- duplicates --------------------------------------------------------------------


def _near_copy(rng: random.Random, corpus, body: str, heavy: bool) -> str:
    """A resubmitted copy: a light one changes the figures of one sentence, a heavy one
    rewrites a sentence; both get a new opening."""
    sentences = [s + "。" for s in body.split("。") if s]
    i = rng.randrange(len(sentences))
    if heavy:
        sentences[i] = rng.choice(corpus.sentences)[0]
    else:
        sentences[i] = re.sub(r"\d+", lambda _: str(rng.randint(2, 900)), sentences[i])
    return "近日，" + "".join(sentences)


def exact_pairs(sets: list[set], threshold: float) -> set[tuple[int, int]]:
    """All pairs with Jaccard >= threshold, exactly (prefix filtering: such a pair must
    share one of the rarest len - ceil(t·len) + 1 shingles of each set)."""
    freq = Counter(s for x in sets for s in x)
    seen: dict[str, list[int]] = defaultdict(list)
    found = set()
    for i, x in enumerate(sets):
        prefix = sorted(x, key=lambda s: (freq[s], s))[: len(x) - math.ceil(threshold * len(x)) + 1]
        for j in {j for s in prefix for j in seen[s]}:
            inter = len(x & sets[j])
            if inter / (len(x) + len(sets[j]) - inter) >= threshold:
                found.add((j, i))
        for s in prefix:
            seen[s].append(i)
    return found


def _lsh_pairs(sets: list[set], threshold: float) -> set[tuple[int, int]]:
    """The production method: candidates sharing an LSH band (``dedup.bands``, kept
    here in a dict instead of the table; two bands if the one is crowded), the
    signature screen, then the exact comparison."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    signatures = [dedup.signature(x) for x in sets]
    found = set()
    for i, x in enumerate(sets):
        keys = list(enumerate(dedup.bands(signatures[i])))
        shared = Counter(j for key in keys for j in buckets[key])
        candidates = sorted(
            {j for key in keys if len(buckets[key]) <= dedup.CROWDED for j in buckets[key]}
            | {j for j, n in shared.items() if n >= 2}
        )
        stored = np.array([signatures[j] for j in candidates], dtype=np.uint32)
        screened = dedup.screen(signatures[i], stored.reshape(-1, dedup.NUM_PERM))
        for j, keep in zip(candidates, screened, strict=True):
            if keep and dedup.jaccard(x, sets[j]) >= threshold:
                found.add((j, i))
        for key in keys:
            buckets[key].append(i)
    return found


def _copies_found(rng, corpus, county, count: int, threshold: float) -> tuple[list, int, int]:
    """Near copies of ``count`` random items of the corpus, each checked with
    ``dedup.similar`` against the whole corpus as a resubmission would be: (the checks'
    times, copies at least ``threshold`` similar to their original, how many of those
    found it). Recall where the buckets are as crowded as the corpus makes them."""
    first, last = Item.objects.filter(office=county).aggregate(Min("pk"), Max("pk")).values()
    originals = Item.objects.in_bulk(rng.sample(range(first, last + 1), count))
    times, true, found = [], 0, 0
    for n, item in enumerate(originals.values()):
        text = dedup.item_text(item.title, _near_copy(rng, corpus, item.body, n % 3 == 0))
        started = time.perf_counter()
        reported = dedup.similar(text, office_id=county.pk)
        times.append(time.perf_counter() - started)
        original = dedup.shingles(dedup.item_text(item.title, item.body))
        if dedup.jaccard(dedup.shingles(text), original) >= threshold:
            true += 1
            found += item.pk in reported
    return times, true, found


def _dedup_arguments(parser):
    _items_option(parser)
    parser.add_argument("--sample", type=int, default=20_000, help="查全率样本条数")
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument(
        "--copies", type=int, default=200, help="语料中已有信息的近似副本条数（查全率与耗时）"
    )
    parser.add_argument("--threshold", type=float, default=0.8)


@benchmark("dedup", help="查重耗时与查全率、查准率（对照精确 Jaccard）", arguments=_dedup_arguments)
def dedup_bench(options) -> dict:
    county = benchdata.populate(options["items"])
    rng = random.Random(8)
    corpus = benchdata.Corpus(seed=8)
    bodies = [corpus.text()[1] for _ in range(options["checks"])]
    # The shared index: the first check builds nothing (it used to build the LSH).
    first = _timed(lambda: dedup.similar(bodies[0], office_id=county.pk))
    checks = [_timed(lambda b=b: dedup.similar(b, office_id=county.pk)) for b in bodies]
    threshold = options["threshold"]
    copies, copies_true, copies_found = _copies_found(
        random.Random(12), corpus, county, options["copies"], threshold
    )

    texts = [corpus.text()[1] for _ in range(options["sample"])]
    planted = options["sample"] // 20
    for n in range(planted):
        texts.append(_near_copy(rng, corpus, texts[rng.randrange(options["sample"])], n % 3 == 0))
    sets = [dedup.shingles(t) for t in texts]
    truth = exact_pairs(sets, threshold)
    reported = _lsh_pairs(sets, threshold)
    hit = len(truth & reported)
    return {
        "items": options["items"],
        "first_check_ms": round(first * 1000, 1),
        "checks": len(checks),
        **_ms(checks),
        "copies": len(copies),
        **{f"copies_{k}": v for k, v in _ms(copies).items()},
        "copies_true": copies_true,
        "copies_recall": round(copies_found / copies_true, 3) if copies_true else None,
        "sample": len(texts),
        "planted_copies": planted,
        "true_pairs": len(truth),
        "reported_pairs": len(reported),
        "recall": round(hit / len(truth), 3) if truth else None,
        "precision": round(hit / len(reported), 3) if reported else None,
    }


def _segment_arguments(parser):
    parser.add_argument("--chars", type=int, default=64_000, help="文本长度（字符）")


@benchmark(
    "segment", help="重复字符长文本与正常正文的分词耗时（分词有界）", arguments=_segment_arguments
)
def segment_bench(options) -> dict:
    """The text that took 33 s (one character repeated) against real prose of the same
    length: bounded segmentation keeps the two within a small factor."""
    chars = options["chars"]
    corpus = benchdata.Corpus(seed=8)
    prose = ""
    while len(prose) < chars:
        prose += corpus.text()[1]
    segment.index_tokens("预热")  # jieba loads its dictionary on first use
    normal = _timed(lambda: segment.index_tokens(prose[:chars]))
    repeated = _timed(lambda: segment.index_tokens("测" * chars))
    return {
        "chars": chars,
        "segmented_chars": min(chars, segment.TEXT_MAX),
        "repeated_s": round(repeated, 2),
        "baseline_prose_s": round(normal, 2),
        "ratio": round(repeated / normal, 1),
    }
