import io

import pytest
from django.core.management import call_command
from django.db import connection

from govdesk.items import services
from govdesk.items.models import Item
from govdesk.search import index, tasks
from govdesk.search.models import SearchDoc, Signature
from govdesk.search.selectors import search_items


def found(world, q, viewer=None, **filters):
    results = search_items(viewer=viewer or world.a_officer, q=q, filters=filters)
    return [hit.item.pk for hit in results.hits]


def test_index_follows_edits(world):
    item = world.draft(title="城关镇召开防汛会议", body="部署防汛工作。")
    assert found(world, "防汛") == [item.pk]
    services.item_update(
        item_id=item.pk,
        actor=world.a_officer,
        fields={"title": "城关镇召开秸秆禁烧会议", "body": "部署秸秆禁烧工作。"},
        revision=item.revision,
    )
    assert found(world, "防汛") == []
    assert found(world, "秸秆") == [item.pk]


def test_sweep_indexes_items_whose_task_was_lost(world):
    item = world.draft(title="城关镇召开防汛会议")
    kept = world.draft(title="城关镇召开秸秆禁烧会议", body="部署秸秆禁烧工作。")
    # What a worker killed while indexing leaves behind: no entry, no signature.
    SearchDoc.objects.filter(item_id=item.pk).delete()
    Signature.objects.filter(item_id=item.pk).delete()
    tasks.sweep.call_local()
    assert "防汛" in SearchDoc.objects.get(item_id=item.pk).title.split()
    assert found(world, "防汛") == [item.pk]
    assert set(Signature.objects.values_list("item_id", flat=True)) == {item.pk, kept.pk}


def test_index_follows_deletions(world):
    item = world.draft(title="城关镇召开防汛会议")
    Item.objects.filter(pk=item.pk).delete()
    assert not SearchDoc.objects.exists()
    assert found(world, "防汛") == []


def test_postgres_vector_table_follows_the_documents(world):
    """PostgreSQL keeps the vectors in a narrow table of their own (migration 0005),
    written by a trigger on search_searchdoc as SQLite's FTS5 table is."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")

    def vectors():
        with connection.cursor() as cursor:
            cursor.execute("SELECT item_id, title_vector::text FROM search_itemvector")
            return dict(cursor.fetchall())

    first = world.draft(title="城关镇防汛会议")
    second = world.draft(title="城关镇秸秆禁烧")
    assert vectors().keys() == {first.pk, second.pk}
    services.item_update(
        item_id=first.pk,
        actor=world.a_officer,
        fields={"title": "城关镇抗旱会议"},
        revision=first.revision,
    )
    assert "抗旱" in vectors()[first.pk]
    Item.objects.filter(pk=second.pk).delete()
    assert vectors().keys() == {first.pk}
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_searchdoc")
    assert vectors() == {}


def test_unit_and_writer_are_searchable(world):
    item = world.draft(title="部署会议", body="今天开会。", writer="张晓梅")
    assert found(world, "城关镇") == [item.pk]
    assert found(world, "张晓梅") == [item.pk]


def test_title_hits_rank_first_and_are_highlighted(world):
    in_body = world.draft(title="城关镇工作简况", body="本周部署了防汛工作。")
    in_title = world.draft(title="城关镇防汛工作部署", body="本周召开会议。")
    results = search_items(viewer=world.a_officer, q="防汛", filters={})
    assert [h.item.pk for h in results.hits] == [in_title.pk, in_body.pk]
    assert "<mark>防汛</mark>" in results.hits[0].title
    assert "<mark>防汛</mark>" in results.hits[1].snippet


def test_filters_narrow_the_matches(world):
    draft = world.draft(title="城关镇防汛动态", kind="dynamic")
    submitted = world.submitted(title="城关镇防汛简要", kind="brief")
    assert found(world, "防汛", kind="brief") == [submitted.pk]
    assert found(world, "防汛", state=str(draft.state)) == [draft.pk]


def test_rebuild_command_restores_the_index(world):
    item = world.draft(title="城关镇防汛会议")
    SearchDoc.objects.all().delete()
    assert found(world, "防汛") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert found(world, "防汛") == [item.pk]


@pytest.mark.parametrize(
    "cap, newest",
    [(1000, 5000), (2, 5000), (1, 5000), (2, 1), (1, 1)],
    ids=[
        "in hand",
        "title tier in hand",
        "walked",
        "title tier in hand, not among the newest",
        "walked, not among the newest",
    ],
)
def test_pages_run_through_title_matches_then_the_rest(world, monkeypatch, cap, newest):
    """Ordered in Python when every match is fetched, or by walking the index when a
    tier holds more than the cap (on PostgreSQL first among the newest documents)."""
    monkeypatch.setattr(index, "COUNT_CAP", cap)
    monkeypatch.setattr(index, "NEWEST", newest)
    older = world.draft(title="防汛会议召开", body="部署工作。")
    newer = world.draft(title="防汛物资到位", body="储备物资。")
    in_body = world.draft(title="工作简况", body="本周部署防汛。")
    pages = [
        [
            h.item.pk
            for h in search_items(
                viewer=world.a_officer, q="防汛", filters={}, limit=1, offset=o
            ).hits
        ]
        for o in range(4)
    ]
    assert pages == [[newer.pk], [older.pk], [in_body.pk], []]
