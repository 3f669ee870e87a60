"""The full-text index: writing an item's segmented text, and asking the database's
own index (FTS5 on SQLite, tsvector + GIN on PostgreSQL) for matches."""

import re

from django.core.exceptions import EmptyResultSet
from django.db import connection

from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.search import segment
from govdesk.search.models import SearchDoc
from govdesk.units.models import Unit

_dictionary_loaded = False


def load_dictionary(*, force: bool = False) -> None:
    """Teach jieba the unit tree's names, once per process (and again on a rebuild)."""
    global _dictionary_loaded
    if _dictionary_loaded and not force:
        return
    segment.teach(n for pair in Unit.objects.values_list("name", "short_name") for n in pair)
    _dictionary_loaded = True


def _meta_text(item: Item) -> str:
    names = [item.unit.name, item.unit.short_name, item.writer, item.topics]
    names += [u.full_name for u in item.authors.all()]
    names += [a.original_name for a in item.attachments.all()]
    return " ".join(n for n in names if n)


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
    SearchDoc.objects.update_or_create(
        item_id=item.pk,
        defaults={
            "title": segment.index_text(item.title),
            "body": segment.index_text(item.body),
            "meta": segment.index_text(_meta_text(item)),
            "indexed_at": clock.now(),
        },
    )


def rebuild(*, batch: int = 500, progress=None) -> int:
    """Re-index every item; returns how many."""
    load_dictionary(force=True)
    SearchDoc.objects.all().delete()
    done = 0
    items = Item.objects.select_related("unit").prefetch_related("authors", "attachments")
    ids = list(Item.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        docs = [
            SearchDoc(
                item_id=item.pk,
                title=segment.index_text(item.title),
                body=segment.index_text(item.body),
                meta=segment.index_text(_meta_text(item)),
                indexed_at=clock.now(),
            )
            for item in items.filter(pk__in=ids[start : start + batch])
        ]
        SearchDoc.objects.bulk_create(docs)
        done += len(docs)
        if progress:
            progress(done)
    return done


# --- matching ------------------------------------------------------------------------
#
# Relevance is coarse and cheap: items with every query word in the title come first,
# then the other matches; within each tier the newest item (highest id) first. Both
# databases can then walk their index in id order and stop at the page, instead of
# scoring and sorting every match (tens of thousands for a common word).

ALL, TITLE, REST = "all", "title", "rest"
# Counting stops here: "more than 1000" is all a reader needs.
COUNT_CAP = 1000


def _fts5_query(tokens: list[str], tier: str) -> str:
    words = "(" + " ".join('"' + t.replace('"', '""') + '"' for t in tokens) + ")"
    if tier == TITLE:
        return f"{{title}} : {words}"
    if tier == REST:
        return f"{words} NOT ({{title}} : {words})"
    return words


def _tsquery(tokens: list[str], tier: str) -> str:
    words = [re.sub(r"[^\w]", "", t) for t in tokens]
    plain = " & ".join(f"'{w}'" for w in words if w)
    title = " & ".join(f"'{w}':A" for w in words if w)
    return {ALL: plain, TITLE: title, REST: f"({plain}) & !({title})"}[tier]


def _restriction(candidates) -> tuple[str, list]:
    """``candidates`` as a condition on the items table: its own WHERE clause when it
    needs no join (cheap: checked row by row on the matches), else an IN subquery."""
    query = candidates.query
    if not query.where:
        return "", []
    if sum(1 for alias in query.alias_map if query.alias_refcount[alias]) == 1:
        sql, params = query.get_compiler(connection=connection).compile(query.where)
        return f" AND ({sql})", list(params)
    sql, params = candidates.values("pk").query.sql_with_params()
    return f" AND {Item._meta.db_table}.id IN ({sql})", list(params)


def match_sql(tokens: list[str], candidates, tier: str = ALL) -> tuple[str, list]:
    """SELECT of the ids of ``candidates`` (a queryset of items, usually
    policy.visible_items plus filters) that match every token in ``tier``, and its
    parameters. Unordered: a count must not make PostgreSQL walk the primary key
    backwards looking for rare matches; pages add ``ORDER BY 1 DESC``."""
    t = Item._meta.db_table
    restrict, params = _restriction(candidates)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT d.item_id FROM search_searchdoc d JOIN {t} ON {t}.id = d.item_id "
            f"WHERE d.vector @@ to_tsquery('simple', %s){restrict}"
        )
        return sql, [_tsquery(tokens, tier), *params]
    sql = (
        f"SELECT search_fts.rowid FROM search_fts JOIN {t} ON {t}.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s{restrict}"
    )
    return sql, [_fts5_query(tokens, tier), *params]


def _count(cursor, sql: str, params: list) -> int:
    cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1}) AS capped", params)
    return cursor.fetchone()[0]


def _page(cursor, sql: str, params: list, limit: int, offset: int) -> list[int]:
    """Newest first."""
    cursor.execute(f"{sql} ORDER BY 1 DESC LIMIT %s OFFSET %s", [*params, limit, offset])
    return [row[0] for row in cursor.fetchall()]


def match_ids(tokens: list[str], candidates, *, limit: int, offset: int = 0) -> tuple[list, int]:
    """One page of matching item ids, title matches first, and the number of matches
    (counted up to COUNT_CAP + 1)."""
    try:
        if not tokens:
            raise EmptyResultSet
        every, title, rest = (match_sql(tokens, candidates, tier) for tier in (ALL, TITLE, REST))
    except EmptyResultSet:  # nothing to look for, or nothing the viewer may see
        return [], 0
    with connection.cursor() as cursor:
        total = _count(cursor, *every)
        ids = _page(cursor, *title, limit, offset)
        if len(ids) < limit:
            # Where the other matches start: counted only past the first page.
            in_title = len(ids) if offset == 0 else _count(cursor, *title)
            ids += _page(cursor, *rest, limit - len(ids), max(0, offset - in_title))
    return ids, total
