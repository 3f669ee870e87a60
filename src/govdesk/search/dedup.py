"""Near-duplicate detection: MinHash over character shingles, LSH for candidates.

Signatures live in the database (``Signature``) and so do their LSH bands
(``LshBand``: band number and hash, indexed), written in the transaction that stores
the signature. Every process reads the same bands: a check is one indexed query, a
new process answers its first check without building anything, nothing grows with
the number of processes, and an item one process stored is a candidate for the next
check in any other. Candidates are screened by their stored signatures and compared
exactly (Jaccard over shingles), so an LSH false positive is never reported.
"""

import hashlib
import re
from collections import defaultdict
from functools import cache, partial

import numpy as np
from django.db import transaction
from django.db.models import Count, Q

from govdesk.items.models import Item
from govdesk.search.models import LshBand, Signature

NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"  # 32-bit hash values: a signature is NUM_PERM × 4 bytes
# LSH candidates are tuned for pairs at or above this similarity; warnings use it too.
THRESHOLD = 0.5
# datasketch's choice of bands × rows for this threshold (false positives and negatives
# weighed equally), as the in-memory MinHashLSH used before; fixed here because the
# stored bands (LshBand) are cut this way (tests/search/test_duplicates.py checks the choice).
BANDS, ROWS = 14, 4
# LSH proposes many items well below THRESHOLD (texts written from the same stock
# phrases). Their stored signatures screen them before any text is read: with 64 values
# the estimate's standard error is at most 1/16, so a margin of 0.2 (over three standard
# errors) almost never drops an item at THRESHOLD and never one at 0.8.
SCREEN_MARGIN = 0.2
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def shingles(text: str) -> set[str]:
    """Character 3-grams of the text without spaces and punctuation."""
    plain = _NOISE.sub("", text or "")
    if len(plain) < SHINGLE:
        return {plain} if plain else set()
    return {plain[i : i + SHINGLE] for i in range(len(plain) - SHINGLE + 1)}


@cache
def minhash():
    """A new MinHash of this module's kind, from datasketch, imported on first use:
    datasketch imports SciPy (for its LSH classes), half a second of CPU that no
    process should pay at start-up. The permutations are drawn once: creating a
    MinHash draws them again unless given them."""
    from datasketch import MinHash

    permutations = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations
    return partial(MinHash, num_perm=NUM_PERM, scheme=SCHEME, permutations=permutations)


def signature(text: str | set[str]) -> np.ndarray:
    """The MinHash signature of a text (or of its shingles)."""
    m = minhash()()
    m.update_batch([s.encode() for s in (shingles(text) if isinstance(text, str) else text)])
    return m.hashvalues.astype(np.uint32)


def signature_from(hashvalues) -> np.ndarray:
    """A signature as ``Signature.hashvalues`` holds it, read back."""
    return np.frombuffer(bytes(hashvalues), dtype=np.uint32)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def bands(values: np.ndarray) -> list[int]:
    """The signature's LSH band keys: each band's number and ROWS values as a signed
    64-bit hash (a bigint column; the number in it, so that one indexed IN list finds
    every band). A collision only adds a candidate the screen drops."""
    return [
        int.from_bytes(
            hashlib.blake2b(
                values[i * ROWS : (i + 1) * ROWS].tobytes(), digest_size=8, salt=bytes([i])
            ).digest(),
            "big",
            signed=True,
        )
        for i in range(BANDS)
    ]


def band_rows(item_id: int, values: np.ndarray) -> list[LshBand]:
    return [LshBand(item_id=item_id, band=n, hash=h) for n, h in enumerate(bands(values))]


def store(item) -> None:
    """Replace an item's signature and its LSH bands. The worker's threads may follow
    two changes of one item at once: the item's row is locked so they take turns
    (signed outside the transaction, to keep it short)."""
    values = signature(item_text(item.title, item.body))
    with transaction.atomic():
        list(Item.objects.select_for_update().filter(pk=item.pk).values_list("pk"))
        Signature.objects.filter(item_id=item.pk).delete()
        Signature.objects.create(
            item_id=item.pk, office_id=item.office_id, hashvalues=values.tobytes()
        )
        LshBand.objects.filter(item_id=item.pk).delete()
        LshBand.objects.bulk_create(band_rows(item.pk, values))


def item_text(title: str, body: str) -> str:
    return f"{title}\n{body}"


def screen(own: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Which rows of ``stored`` (signatures) agree with ``own`` on at least
    THRESHOLD - SCREEN_MARGIN of their values (an estimate of the Jaccard similarity)."""
    return _agree(stored == own)


def _agree(equal: np.ndarray) -> np.ndarray:
    return equal.mean(axis=1) >= THRESHOLD - SCREEN_MARGIN


# A band hash shared by more than this many items is a crowded bucket: texts written from
# the same stock phrases, whose 4 minimum hash values are common shingles'. An item in a
# crowded bucket is a candidate only if it shares a second band with the text; in any
# other bucket one band is enough, as before. So the signatures read no longer grow with
# the crowded buckets (at 2,000,000 items the slowest checks read 500–760 of them).
# What it costs in recall, 14 bands of 4 values (a pair of similarity s agrees on a band
# with probability s⁴): only a pair sharing exactly one band, and that band crowded, is
# lost. At 0.8 a pair shares at least one band with probability 0.9994 and exactly one
# with 0.006, so recall stays at least 0.993 however crowded the buckets (measured through
# this function: ``govdesk bench dedup``'s copies of stored items). At THRESHOLD (0.5)
# the bands find 0.595 of the pairs, 0.378 through a single band: a text whose every band
# is crowded keeps 0.217 (two bands), one with k crowded bands loses about 0.378·k/14.
CROWDED = 50


def _screened(own: np.ndarray, exclude) -> list[int]:
    """The items sharing an LSH band with ``own`` (two bands if the one is crowded) whose
    stored signatures pass the screen. Two queries: the candidates, from the band index
    alone (the band rows grouped by item; an IN list of hashes — an OR of (band, hash)
    pairs took Django 5 ms to build), then their signatures by id. As one statement the
    planner, seeing a crowded hash in its statistics, expected thousands of candidates
    and scanned every signature. By item id alone: on SQLite a filter on the office too
    makes the planner scan the office's index."""
    shared = LshBand.objects.filter(hash__in=bands(own))
    sparse = shared.values("hash").annotate(n=Count("*")).filter(n__lte=CROWDED).values("hash")
    chosen = (
        shared.exclude(item_id__in=exclude)
        .values("item_id")
        .annotate(bands=Count("hash"), sparse=Count("hash", filter=Q(hash__in=sparse)))
        .filter(Q(bands__gte=2) | Q(sparse__gte=1))
        .values_list("item_id", flat=True)
    )
    ids = list(chosen)
    if not ids:
        return []
    rows = Signature.objects.filter(item_id__in=ids).values_list("item_id", "hashvalues")
    ids, raws = [], []
    for pk, raw in rows:
        ids.append(pk)
        raws.append(bytes(raw))
    if not ids:
        return []
    stored = np.frombuffer(b"".join(raws), dtype=np.uint32).reshape(len(ids), NUM_PERM)
    return [pk for pk, keep in zip(ids, screen(own, stored), strict=True) if keep]


# Candidate pairs screened at a time: each holds two signatures (512 bytes), so a chunk
# is about 50 MB whatever the window.
_PAIR_CHUNK = 100_000


def screened_pairs(signed: dict[int, np.ndarray]) -> list[tuple[int, int]]:
    """The pairs (lower id first) among these items' signatures that share an LSH band
    and pass the screen: the bands bucketed in memory, the pairs screened with numpy.
    What ``similar`` would propose for each of them among the others, and in crowded
    buckets more: a window is small enough to screen every pair of a bucket."""
    ids = sorted(signed)
    if len(ids) < 2:
        return []
    matrix = np.stack([signed[pk] for pk in ids])
    buckets: dict[int, list[int]] = defaultdict(list)
    for row in range(len(ids)):
        for key in bands(matrix[row]):
            buckets[key].append(row)
    # Every pair of a bucket, as one number (rows ascending within a bucket), once.
    codes = [
        (rows[a] * len(ids) + rows[b])
        for rows in (np.array(r, dtype=np.int64) for r in buckets.values() if len(r) > 1)
        for a, b in [np.triu_indices(len(rows), 1)]
    ]
    if not codes:
        return []
    firsts, seconds = np.divmod(np.unique(np.concatenate(codes)), len(ids))
    found = []
    for start in range(0, len(firsts), _PAIR_CHUNK):
        a, b = firsts[start : start + _PAIR_CHUNK], seconds[start : start + _PAIR_CHUNK]
        keep = _agree(matrix[a] == matrix[b])
        found.extend((ids[i], ids[j]) for i, j in zip(a[keep], b[keep], strict=True))
    return found


def similar(text: str, *, office_id: int | None = None, exclude=()) -> dict[int, float]:
    """Items at least THRESHOLD similar to ``text`` (exact Jaccard over shingles, for the
    LSH candidates that pass the signature screen): {item id: similarity}, optionally
    only those ``office_id`` received."""
    mine = shingles(text)
    own = signature(mine)
    screened = _screened(own, list(exclude))
    if not screened:
        return {}
    items = Item.objects.filter(pk__in=screened)
    if office_id is not None:
        items = items.filter(office_id=office_id)
    found = {}
    for pk, title, body in items.values_list("pk", "title", "body"):
        score = jaccard(mine, shingles(item_text(title, body)))
        if score >= THRESHOLD:
            found[pk] = round(score, 3)
    return found
