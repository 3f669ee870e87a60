"""Near-duplicate detection: MinHash over character shingles, LSH for candidates.

Signatures live in the database (``Signature``); each process keeps an in-memory
MinHashLSH built lazily from them, catches up on rows added since it last looked
(a changed item gets a new row id) and rebuilds itself every ``REBUILD_SECONDS`` so
that deletions and late commits from other processes are folded in. Candidates are
re-read from the database and compared exactly (Jaccard over shingles), so a stale
entry can never surface a deleted item and an LSH false positive is never reported.
"""

import re
import threading
import time

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from django.db import transaction

from govdesk.items.models import Item
from govdesk.search.models import Signature

NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"  # 32-bit hash values: a signature is NUM_PERM × 4 bytes
# LSH candidates are tuned for pairs at or above this similarity; warnings use it too.
THRESHOLD = 0.5
REBUILD_SECONDS = 600
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


# Drawn once: creating a MinHash draws its permutations again unless given them.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def signature(text: str | set[str]) -> np.ndarray:
    """The MinHash signature of a text (or of its shingles)."""
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_PERMUTATIONS)
    m.update_batch([s.encode() for s in (shingles(text) if isinstance(text, str) else text)])
    return m.hashvalues.astype(np.uint32)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def minhash(values: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)


def _decode(raw) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.uint32)


class _Index:
    def __init__(self):
        self.lock = threading.Lock()
        self.lsh: MinHashLSH | None = None
        self.last_id = 0
        self.built = 0.0

    def _add(self, rows) -> None:
        for row_id, item_id, raw in rows:
            if item_id in self.lsh:
                self.lsh.remove(item_id)
            self.lsh.insert(item_id, minhash(_decode(raw)), check_duplication=False)
            self.last_id = max(self.last_id, row_id)

    def current(self) -> MinHashLSH:
        with self.lock:
            rows = Signature.objects.order_by("id").values_list("id", "item_id", "hashvalues")
            if self.lsh is None or time.monotonic() - self.built > REBUILD_SECONDS:
                self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
                self.last_id = 0
                self.built = time.monotonic()
                self._add(rows.iterator(chunk_size=5000))
            else:
                self._add(rows.filter(id__gt=self.last_id))
            return self.lsh

    def reset(self) -> None:
        with self.lock:
            self.lsh = None


index = _Index()


def store(item) -> None:
    """Replace an item's signature (a new row, so other processes see the change). The
    worker's threads may follow two changes of one item at once: the item's row is
    locked so they take turns (signed outside the transaction, to keep it short)."""
    hashvalues = signature(item_text(item.title, item.body)).tobytes()
    with transaction.atomic():
        list(Item.objects.select_for_update().filter(pk=item.pk).values_list("pk"))
        Signature.objects.filter(item_id=item.pk).delete()
        Signature.objects.create(item_id=item.pk, office_id=item.office_id, hashvalues=hashvalues)


def item_text(title: str, body: str) -> str:
    return f"{title}\n{body}"


def screen(own: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Which rows of ``stored`` (signatures) agree with ``own`` on at least
    THRESHOLD - SCREEN_MARGIN of their values (an estimate of the Jaccard similarity)."""
    return (stored == own).mean(axis=1) >= THRESHOLD - SCREEN_MARGIN


def _screened(own: np.ndarray, candidates: set[int]) -> list[int]:
    """The candidates whose stored signatures pass the screen. By item id alone: on
    SQLite a filter on the office too makes the planner scan the office's index."""
    ids, raws = [], []
    for pk, raw in Signature.objects.filter(item_id__in=candidates).values_list(
        "item_id", "hashvalues"
    ):
        ids.append(pk)
        raws.append(bytes(raw))
    if not ids:
        return []
    stored = np.frombuffer(b"".join(raws), dtype=np.uint32).reshape(len(ids), NUM_PERM)
    return [pk for pk, keep in zip(ids, screen(own, stored), strict=True) if keep]


def similar(text: str, *, office_id: int | None = None, exclude=()) -> dict[int, float]:
    """Items at least THRESHOLD similar to ``text`` (exact Jaccard over shingles, for the
    LSH candidates that pass the signature screen): {item id: similarity}, optionally
    only those ``office_id`` received."""
    mine = shingles(text)
    own = signature(mine)
    candidates = set(index.current().query(minhash(own))) - set(exclude)
    if not candidates:
        return {}
    items = Item.objects.filter(pk__in=_screened(own, candidates))
    if office_id is not None:
        items = items.filter(office_id=office_id)
    found = {}
    for pk, title, body in items.values_list("pk", "title", "body"):
        score = jaccard(mine, shingles(item_text(title, body)))
        if score >= THRESHOLD:
            found[pk] = round(score, 3)
    return found
