import io

import pytest
from django.core.management import call_command

from govdesk.items import services
from govdesk.items.models import Item
from govdesk.search import index
from govdesk.search.models import SearchDoc
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


def test_index_follows_deletions(world):
    item = world.draft(title="城关镇召开防汛会议")
    Item.objects.filter(pk=item.pk).delete()
    assert not SearchDoc.objects.exists()
    assert found(world, "防汛") == []


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


@pytest.mark.parametrize("cap", [1000, 2, 1], ids=["in hand", "title tier in hand", "walked"])
def test_pages_run_through_title_matches_then_the_rest(world, monkeypatch, cap):
    """Ordered in Python when every match is fetched, or by walking the index when a
    tier holds more than the cap."""
    monkeypatch.setattr(index, "COUNT_CAP", cap)
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
