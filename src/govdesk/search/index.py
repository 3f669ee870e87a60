"""The full-text index: writing items' and issue articles' segmented text, and asking
the database's own index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) for matches."""

import re
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, router, transaction
from django.db.models import Q

from govdesk.bulletins.models import Issue, IssueEntry
from govdesk.items.models import Item
from govdesk.lib import clock, segment
from govdesk.search.models import IssueDoc, SearchDoc
from govdesk.units.models import Unit

# Every process re-reads the unit names this often, so a unit created or renamed by
# another process reaches its jieba dictionary too (known names are skipped).
DICTIONARY_SECONDS = 60
_dictionary_loaded_at: float | None = None


def load_dictionary(*, force: bool = False, skip=()) -> None:
    """Teach jieba the unit tree's names (and again after DICTIONARY_SECONDS), except
    ``skip``: a renamed unit's new names, which must first be cut as they were before."""
    global _dictionary_loaded_at
    now = time.monotonic()
    if (
        not force
        and _dictionary_loaded_at is not None
        and now - _dictionary_loaded_at < DICTIONARY_SECONDS
    ):
        return
    names = Unit.objects.values_list("name", "short_name")
    segment.teach(n for pair in names for n in pair if n not in skip)
    _dictionary_loaded_at = now


def learn_names(names) -> None:
    """A new unit's names: taught now if this process has loaded its dictionary (the
    first load reads every unit's names anyway)."""
    if _dictionary_loaded_at is not None:
        segment.teach(names)


def _meta_text(item: Item) -> str:
    names = [item.unit.name, item.unit.short_name, item.writer, item.topics]
    names += [u.full_name for u in item.authors.all()]
    names += [a.original_name for a in item.attachments.all()]
    return " ".join(n for n in names if n)


def _item_doc(item: Item) -> SearchDoc:
    return SearchDoc(
        item_id=item.pk,
        title=segment.index_text(item.title),
        body=segment.index_text(item.body),
        meta=segment.index_text(_meta_text(item)),
        indexed_at=clock.now(),
    )


def index_item(item_id: int) -> None:
    """Bring one item's entry up to date (or drop it if the item is gone)."""
    load_dictionary()
    item = (
        Item.objects.select_related("unit")
        .prefetch_related("authors", "attachments")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        SearchDoc.objects.filter(item_id=item_id).delete()
        return
    doc = _item_doc(item)
    SearchDoc.objects.update_or_create(
        item_id=item.pk,
        defaults={f: getattr(doc, f) for f in ("title", "body", "meta", "indexed_at")},
    )


def _entry_doc(entry: IssueEntry) -> IssueDoc:
    issue = entry.issue
    names = [issue.publication.name, issue.title, entry.column.name if entry.column else ""]
    if issue.number is not None:
        names.append(issue.number_label)
    names += [n for unit in entry.credited_units() for n in (unit.name, unit.short_name)]
    return IssueDoc(
        entry_id=entry.pk,
        issue_id=issue.pk,
        title=segment.index_text(entry.title),
        body=segment.index_text(f"{entry.editor_note}\n{entry.body}"),
        meta=segment.index_text(" ".join(n for n in names if n)),
        indexed_at=clock.now(),
    )


@transaction.atomic
def index_issue(issue_id: int) -> None:
    """Re-index every article of one issue (a removed article went by cascade)."""
    load_dictionary()
    entries = IssueEntry.objects.filter(issue_id=issue_id).select_related(
        "issue__publication", "column"
    )
    IssueDoc.objects.filter(issue_id=issue_id).delete()
    IssueDoc.objects.bulk_create(_entry_doc(entry) for entry in entries)


def rebuild(*, batch: int = 500, progress=None) -> int:
    """Re-index every item and issue article; returns how many items."""
    load_dictionary(force=True)
    SearchDoc.objects.all().delete()
    done = 0
    items = Item.objects.select_related("unit").prefetch_related("authors", "attachments")
    ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        docs = [_item_doc(item) for item in items.filter(pk__in=ids[start : start + batch])]
        SearchDoc.objects.bulk_create(docs)
        done += len(docs)
        if progress:
            progress(done)
    issue_ids = IssueEntry.objects.order_by().values_list("issue_id", flat=True).distinct()
    for issue_id in issue_ids:
        index_issue(issue_id)
    return done


def rename_tokens(names: list[str]) -> list[list[str]]:
    """A unit's new names cut as the index holds them (the names not yet known as
    words); this process then learns them. Called in the request: the worker that
    re-indexes may already know the names (``reindex_renamed``)."""
    load_dictionary(skip=set(names))
    tokens = [segment.query_tokens(name) for name in names]
    segment.teach(names)
    return tokens


def reindex_renamed(*, unit_id: int, names: list[str], tokens: list[list[str]]) -> None:
    """A unit got new ``names`` (cut before as ``tokens``): re-index what they change —
    the unit's items and the articles crediting it (their meta holds the name), and
    every item or article holding all the words of a new name as cut before (the text
    may mention it). Runs in the worker (``tasks.follow_rename``)."""
    load_dictionary()
    segment.teach(names)  # this process may have read the unit names before the rename
    item_ids = set(Item.objects.filter(unit_id=unit_id).values_list("pk", flat=True))
    credited = Q(items__unit_id=unit_id) | Q(items__forwarded_from__unit_id=unit_id)
    entry_ids = set(IssueEntry.objects.filter(credited).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for words in tokens:
            item_ids |= _every_match(cursor, words, Item.objects.all(), ITEMS)
            entry_ids |= _every_match(cursor, words, Issue.objects.all(), ISSUES)
    for pk in sorted(item_ids):
        index_item(pk)
    issue_ids = IssueEntry.objects.filter(pk__in=entry_ids).values_list("issue_id", flat=True)
    for pk in sorted(set(issue_ids)):
        index_issue(pk)


def _every_match(cursor, tokens: list[str], candidates, source) -> set[int]:
    try:
        cursor.execute(*match_sql(tokens, candidates, ALL, source))
    except EmptyResultSet:
        return set()
    return {row[0] for row in cursor.fetchall()}


# --- matching ------------------------------------------------------------------------
#
# Relevance is coarse and cheap: documents with every query word in the title come
# first, then the other matches; within each tier the newest (highest id) first. Up to
# COUNT_CAP matches are fetched whole and ordered here; beyond that both databases walk
# their index in id order and stop at the page, instead of scoring and sorting every
# match (tens of thousands for a common word).

ALL, TITLE, REST = "all", "title", "rest"
# Counting stops here: "more than 1000" is all a reader needs.
COUNT_CAP = 1000
# PostgreSQL, beyond COUNT_CAP matches: the page's title matches are first looked for
# among this many newest documents (a short walk of pages that every search reads, so
# they stay cached), before the title tier is fetched or walked in full.
NEWEST = 5000


@dataclass(frozen=True)
class Source:
    """An indexed table: ``key`` names the document (and is the FTS5 rowid); ``link``
    joins it to the table the permission filter (the candidates queryset) is about;
    ``fts`` is SQLite's FTS5 table over it, ``vectors`` the PostgreSQL table holding
    its ``vector`` and ``title_vector`` (and ``key`` and ``link``)."""

    docs: str
    key: str
    link: str
    fts: str
    vectors: str


# The items' vectors have a narrow table of their own (migration 0005): the bounded
# fetches read ~1,000 of its rows, and search_searchdoc's rows are wide.
ITEMS = Source("search_searchdoc", "item_id", "item_id", "search_fts", "search_itemvector")
ISSUES = Source("search_issuedoc", "entry_id", "issue_id", "search_issue_fts", "search_issuedoc")


def _fts5_query(tokens: list[str], tier: str) -> str:
    words = "(" + " ".join('"' + t.replace('"', '""') + '"' for t in tokens) + ")"
    if tier == TITLE:
        return f"{{title}} : {words}"
    if tier == REST:
        return f"{words} NOT ({{title}} : {words})"
    return words


# The title tier reads the title's own tsvector (migrations 0004, 0005): a
# weight-restricted query (word:A) on the whole vector would recheck every row holding
# the word anywhere.
_PG_TITLE = "d.title_vector @@ to_tsquery('simple', %s)"
_PG_TIERS = {
    ALL: "d.vector @@ to_tsquery('simple', %s)",
    TITLE: _PG_TITLE,
    REST: f"d.vector @@ to_tsquery('simple', %s) AND NOT {_PG_TITLE}",
}


def _tsquery(tokens: list[str]) -> str:
    words = [re.sub(r"[^\w]", "", t) for t in tokens]
    return " & ".join(f"'{w}'" for w in words if w)


def _restriction(candidates) -> tuple[str, list]:
    """``candidates`` as a condition on its table: its own WHERE clause when it needs
    no join (cheap: checked row by row on the matches), else an IN subquery."""
    query = candidates.query
    if not query.where:
        return "", []
    if sum(1 for alias in query.alias_map if query.alias_refcount[alias]) == 1:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
        return f" AND ({sql})", list(params)
    # Unordered: a DISTINCT query would otherwise select its ordering columns too.
    sql, params = candidates.order_by().values("pk").query.sql_with_params()
    return f" AND {candidates.model._meta.db_table}.id IN ({sql})", list(params)


def match_sql(
    tokens: list[str],
    candidates,
    tier: str = ALL,
    source=ITEMS,
    *,
    flag_title: bool = False,
    newest: int | None = None,
    restriction: tuple[str, list] | None = None,
) -> tuple[str, list]:
    """SELECT of the keys of ``source``'s documents that match every token in ``tier``
    and belong to ``candidates`` (a queryset, usually a permission filter plus the
    page's filters), and its parameters. Unordered: fetching up to the cap must not
    make PostgreSQL walk the primary key backwards looking for rare matches; pages
    add ``ORDER BY 1 DESC``. PostgreSQL only: ``flag_title`` selects, as a second
    column, whether the title holds every token; ``newest`` looks among the newest
    ``newest`` documents only (a walk of the primary key that cannot go further).
    ``restriction``: ``_restriction(candidates)``, if already compiled."""
    t = candidates.model._meta.db_table
    restrict, params = restriction or _restriction(candidates)
    if connection.vendor == "postgresql":
        query = _tsquery(tokens)
        flag, flag_params = (f", {_PG_TITLE}", [query]) if flag_title else ("", [])
        docs = f"{source.vectors} d"
        if newest is not None:
            columns = ", ".join(dict.fromkeys((source.key, source.link, "vector", "title_vector")))
            docs = (
                f"(SELECT {columns} FROM {source.vectors} "
                f"ORDER BY {source.key} DESC LIMIT {int(newest)}) d"
            )
        sql = (
            f"SELECT d.{source.key}{flag} FROM {docs} "
            f"JOIN {t} ON {t}.id = d.{source.link} WHERE {_PG_TIERS[tier]}{restrict}"
        )
        return sql, flag_params + [query] * _PG_TIERS[tier].count("%s") + params
    rowid = f"{source.fts}.rowid"
    direct = source.link == source.key
    docs = "" if direct else f" JOIN {source.docs} d ON d.{source.key} = {rowid}"
    link = rowid if direct else f"d.{source.link}"
    sql = (
        f"SELECT {rowid} FROM {source.fts}{docs} JOIN {t} ON {t}.id = {link} "
        f"WHERE {source.fts} MATCH %s{restrict}"
    )
    return sql, [_fts5_query(tokens, tier), *params]


def _rows(cursor, sql: str, params: list, cap: int) -> list[tuple]:
    cursor.execute(f"{sql} LIMIT {cap}", params)
    return cursor.fetchall()


def _fetch(cursor, sql: str, params: list, cap: int) -> list[int]:
    return [row[0] for row in _rows(cursor, sql, params, cap)]


def _count(cursor, sql: str, params: list, cap: int) -> int:
    cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {cap}) AS capped", params)
    return cursor.fetchone()[0]


def _page(cursor, sql: str, params: list, limit: int, offset: int) -> list[int]:
    """Newest first."""
    cursor.execute(f"{sql} ORDER BY 1 DESC LIMIT %s OFFSET %s", [*params, limit, offset])
    return [row[0] for row in cursor.fetchall()]


@contextmanager
def _postgres_settings(cursor, **settings):
    """Planner settings for the statements inside, on PostgreSQL (reset afterwards)."""
    if connection.vendor != "postgresql":
        yield
        return
    for name, value in settings.items():
        cursor.execute(f"SET {name} = {value}")
    try:
        yield
    finally:
        for name in settings:
            cursor.execute(f"RESET {name}")


def _walk(cursor, sql: str, params: list, limit: int, offset: int) -> list[int]:
    """A page of a tier known to hold more than COUNT_CAP matches, walking the primary
    key backwards. PostgreSQL's estimate for several words that always come together
    (残疾人 帮扶) is far too low, and it then sorts every match of a dense tier instead:
    neither a bitmap scan nor (on the narrow vector table, migration 0005) a sequential
    scan may stand in for the walk."""
    with _postgres_settings(cursor, enable_bitmapscan="off", enable_seqscan="off"):
        return _page(cursor, sql, params, limit, offset)


def match_ids(
    tokens: list[str], candidates, *, limit: int, offset: int = 0, source=ITEMS
) -> tuple[list, int]:
    """One page of matching document keys, title matches first, and the number of
    matches (COUNT_CAP + 1 standing for "more")."""
    postgres = connection.vendor == "postgresql"
    try:
        if not tokens:
            raise EmptyResultSet
        restriction = _restriction(candidates)  # compiled once for every statement
        every = match_sql(
            tokens, candidates, ALL, source, flag_title=postgres, restriction=restriction
        )
        title, rest = (
            match_sql(tokens, candidates, tier, source, restriction=restriction)
            for tier in (TITLE, REST)
        )
        recent = None
        if postgres:
            recent = match_sql(
                tokens, candidates, TITLE, source, newest=NEWEST, restriction=restriction
            )
    except EmptyResultSet:  # nothing to look for, or nothing the viewer may see
        return [], 0
    # Every statement here is bounded and short: starting parallel workers costs more
    # than they save (at 500,000 items, p50 65 -> 36 ms on PostgreSQL).
    # On the replica when the caller reads from it (govdesk.lib.replica).
    with (
        connections[router.db_for_read(candidates.model)].cursor() as cursor,
        _postgres_settings(cursor, max_parallel_workers_per_gather=0),
    ):
        return _ordered_page(
            cursor, every, title, rest, limit, offset, flagged=postgres, recent=recent
        )


def _ordered_page(
    cursor, every, title, rest, limit: int, offset: int, *, flagged: bool, recent=None
) -> tuple[list, int]:
    # Every fetch is bounded: the database stops at COUNT_CAP + 1 rows. On PostgreSQL
    # the first one also tells which matches hold the words in the title, so a query
    # with at most COUNT_CAP matches costs one statement; with more, the title matches
    # among the NEWEST documents (``recent``) usually fill the page already.
    rows = _rows(cursor, *every, cap=COUNT_CAP + 1)
    found = [row[0] for row in rows]
    if len(found) <= COUNT_CAP:  # every match is in hand: order them here
        if flagged:
            in_title = {row[0] for row in rows if row[1]}
        else:
            in_title = set(_fetch(cursor, *title, cap=COUNT_CAP + 1)) if found else set()
        ordered = sorted(found, key=lambda pk: (pk not in in_title, -pk))
        return ordered[offset : offset + limit], len(found)
    if recent is not None:
        # The newest title matches overall, if there are enough of them among the
        # newest documents: every other title match is older.
        ids = _page(cursor, *recent, offset + limit, 0)
        if len(ids) == offset + limit:
            return ids[offset:], len(found)
    titled = _fetch(cursor, *title, cap=COUNT_CAP + 1)
    if len(titled) <= COUNT_CAP:
        ids = sorted(titled, reverse=True)[offset : offset + limit]
        in_title = len(titled)
    else:
        ids = _walk(cursor, *title, limit, offset)
        # Where the rest starts: the title tier ends on this page, or before it.
        in_title = offset + len(ids)
        if offset and not ids:
            in_title = _count(cursor, *title, cap=offset)
    if len(ids) < limit:
        ids += _page(cursor, *rest, limit - len(ids), max(0, offset - in_title))
    return ids, len(found)
