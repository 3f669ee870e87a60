"""Reads: search results, duplicate warnings and similarity groups. Every item any of
them shows comes through policy.visible_items."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from django.db.models import Q

from govdesk import policy
from govdesk.bulletins.models import IssueEntry
from govdesk.items.models import Item
from govdesk.items.selectors import apply_filters
from govdesk.lib import clock, segment
from govdesk.search import index, pairs, snippets
from govdesk.search.models import NotDuplicate, Signature


@dataclass
class Hit:
    item: Item
    title: str
    snippet: str


@dataclass
class IssueHit:
    entry: IssueEntry
    title: str
    snippet: str


@dataclass
class Results:
    words: list[str]
    hits: list[Hit] | list[IssueHit]
    total: int


def search_items(*, viewer, q: str, filters: dict, limit: int = 20, offset: int = 0) -> Results:
    index.load_dictionary()
    words = segment.query_tokens(q)
    candidates = apply_filters(policy.visible_items(viewer), filters)
    if filters.get("publication"):
        candidates = candidates.filter(adoptions__publication=filters["publication"])
    ids, total = index.match_ids(words, candidates, limit=limit, offset=offset)
    items = Item.objects.select_related("unit").in_bulk(ids)
    hits = [
        Hit(
            item=items[pk],
            title=snippets.highlight(items[pk].title, words),
            snippet=snippets.snippet(items[pk].body, words),
        )
        for pk in ids
        if pk in items
    ]
    return Results(words=words, hits=hits, total=total)


def search_issues(*, viewer, q: str, filters: dict, limit: int = 20, offset: int = 0) -> Results:
    """Articles of the issues the viewer may open (a leader: released issues only),
    optionally of one publication and released between two dates."""
    index.load_dictionary()
    words = segment.query_tokens(q)
    candidates = policy.visible_issues(viewer)
    if filters.get("publication"):
        candidates = candidates.filter(publication=filters["publication"])
    if filters.get("date_from"):
        candidates = candidates.filter(date__gte=filters["date_from"])
    if filters.get("date_to"):
        candidates = candidates.filter(date__lte=filters["date_to"])
    ids, total = index.match_ids(words, candidates, limit=limit, offset=offset, source=index.ISSUES)
    entries = IssueEntry.objects.select_related("issue__publication").in_bulk(ids)
    hits = []
    for pk in ids:
        if pk not in entries:
            continue
        entry = entries[pk]
        # The editor's note when only it holds the words, else the article's text.
        in_note = not snippets.mentions(entry.body, words) and snippets.mentions(
            entry.editor_note, words
        )
        text = entry.editor_note if in_note else entry.body
        hits.append(
            IssueHit(
                entry=entry,
                title=snippets.highlight(entry.title, words),
                snippet=snippets.snippet(text, words),
            )
        )
    return Results(words=words, hits=hits, total=total)


def _marked_pairs(item_ids) -> set[tuple[int, int]]:
    marks = NotDuplicate.objects.filter(Q(first_id__in=item_ids) | Q(second_id__in=item_ids))
    return set(marks.values_list("first_id", "second_id"))


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@dataclass
class DuplicateWarning:
    item: Item
    score: float


def duplicate_warnings(
    *, viewer, unit, title: str, body: str, item_id=None
) -> list[DuplicateWarning]:
    """Items the viewer may see, received by the same office, that look like this text.
    Another unit's items never appear to an officer: visible_items does not hold them."""
    from govdesk.search import dedup  # numpy and datasketch: not at start-up (docs/testing.md)

    office = unit.superior_office()
    if office is None or len(dedup.shingles(body)) < 10:
        return []
    exclude = [item_id] if item_id else []
    found = dedup.similar(dedup.item_text(title, body), office_id=office.pk, exclude=exclude)
    if item_id:
        marked = _marked_pairs([item_id])
        found = {pk: s for pk, s in found.items() if _key(pk, int(item_id)) not in marked}
    visible = policy.visible_items(viewer).filter(pk__in=found).select_related("unit")
    warnings = [DuplicateWarning(item=item, score=found[item.pk]) for item in visible]
    return sorted(warnings, key=lambda w: -w.score)


@dataclass
class Member:
    item: Item
    passages: str  # the body with passages shared with the group marked


@dataclass
class Pair:
    first: Item
    second: Item
    score: float
    relation: str

    @property
    def label(self) -> str:
        return pairs.LABELS[self.relation]


def similar_pairs(*, viewer, office, days: int = 30) -> list[Pair]:
    """Similar pairs among the items the office received in the last ``days`` days,
    without pairs marked "not a duplicate". Computed from the window's own signatures
    (one query; an item not signed yet is signed here): the pairs one ``dedup.similar``
    per item found among the others, without the checks (at 2,000,000 items a day's
    2,800 took 98 s). No band is dropped as crowded: every pair of a bucket is screened."""
    from govdesk.search import dedup  # numpy and datasketch: not at start-up (docs/testing.md)

    since = clock.now() - timedelta(days=days)
    recent = policy.visible_items(viewer).filter(
        office=office, submission_count__gt=0, last_submitted_at__gte=since
    )
    items = {i.pk: i for i in recent.select_related("unit")}
    texts = {pk: dedup.item_text(i.title, i.body) for pk, i in items.items()}
    signed = {
        pk: dedup.signature_from(raw)
        for pk, raw in Signature.objects.filter(item_id__in=recent.values("pk")).values_list(
            "item_id", "hashvalues"
        )
        if pk in items
    }
    for pk in items.keys() - signed.keys():
        signed[pk] = dedup.signature(texts[pk])
    marked = _marked_pairs(list(items))

    @cache
    def shingles(pk: int) -> set[str]:
        return dedup.shingles(texts[pk])

    found: dict[tuple[int, int], float] = {}
    for key in dedup.screened_pairs(signed):
        if key not in marked:
            score = dedup.jaccard(shingles(key[0]), shingles(key[1]))
            if score >= dedup.THRESHOLD:
                found[key] = round(score, 3)
    return [
        Pair(items[a], items[b], score, pairs.relation(items[a], items[b]))
        for (a, b), score in sorted(found.items(), key=lambda kv: -kv[1])
    ]


def similarity_groups(pair_list: list[Pair]) -> list[list[Member]]:
    """Connected groups of pairs that may be copying or resubmission (条块 pairs are
    listed apart), each member's passages shared with the others marked."""
    parent: dict[int, int] = {}

    def root(pk: int) -> int:
        while parent.setdefault(pk, pk) != pk:
            pk = parent[pk]
        return pk

    members: dict[int, Item] = {}
    for pair in pair_list:
        if pair.relation == pairs.BLOCK_LINE:
            continue
        members[pair.first.pk], members[pair.second.pk] = pair.first, pair.second
        parent[root(pair.first.pk)] = root(pair.second.pk)
    grouped: dict[int, list[Item]] = {}
    for pk, item in members.items():
        grouped.setdefault(root(pk), []).append(item)
    groups = []
    for group_items in grouped.values():
        group_items.sort(key=lambda i: i.last_submitted_at or i.created_at)
        others = [[o.body for o in group_items if o.pk != item.pk] for item in group_items]
        groups.append(
            [
                Member(item, snippets.shared_passages(item.body, rest))
                for item, rest in zip(group_items, others, strict=True)
            ]
        )
    return groups
