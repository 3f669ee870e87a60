"""The benchmark corpus stores what production would store for the same texts: its
build segments each distinct sentence and title once, hashes each distinct shingle
once, and (on PostgreSQL) loads without indexes, foreign keys and the vector trigger,
then rebuilds them."""

import pytest
from django.db import connection

from govdesk.items.models import Item
from govdesk.search import benchdata, dedup, index
from govdesk.search.models import LshBand, SearchDoc, Signature

POOL = 400


def _schema() -> list[tuple]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) UNION ALL "
            "SELECT indrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) UNION ALL "
            "SELECT tgname, tgenabled::text FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid = 'search_searchdoc'::regclass ORDER BY 1, 2",
            [benchdata._LOADED] * 2,
        )
        return cursor.fetchall()


def test_grown_corpus_holds_what_production_stores():
    before = _schema()
    county = benchdata.populate(70, batch=25, pool=POOL)
    benchdata.populate(130, batch=25, pool=POOL)  # grown by a second build
    items = list(Item.objects.filter(office=county).order_by("pk"))
    assert len(items) == 130
    assert _schema() == before  # every index, key and trigger is back
    index.load_dictionary(force=True)
    for item in items:
        doc, wanted = SearchDoc.objects.get(item_id=item.pk), index._item_doc(item)
        assert (doc.title, doc.body, doc.meta) == (wanted.title, wanted.body, wanted.meta)
        values = dedup.signature(dedup.item_text(item.title, item.body))
        stored = Signature.objects.get(item_id=item.pk)
        assert (bytes(stored.hashvalues), stored.office_id) == (values.tobytes(), county.pk)
        bands = LshBand.objects.filter(item_id=item.pk).order_by("band")
        assert list(bands.values_list("band", "hash")) == list(enumerate(dedup.bands(values)))
    # A new item gets the next id (the sequence follows the ids the build chose).
    assert benchdata.populate(131, pool=POOL) and Item.objects.order_by("-pk")[0].pk == (
        items[-1].pk + 1
    )


def test_vectors_are_the_triggers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    benchdata.populate(60, batch=20, pool=POOL)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE v.vector = strip("
            "to_tsvector('simple', d.title) || to_tsvector('simple', d.meta) || "
            "to_tsvector('simple', d.body)) AND v.title_vector = strip(to_tsvector('simple', "
            "d.title))) FROM search_searchdoc d LEFT JOIN search_itemvector v USING (item_id)"
        )
        assert cursor.fetchone() == (60, 60)
