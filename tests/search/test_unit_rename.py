"""A renamed unit is found by its new name without a rebuild: the index and jieba's
dictionary follow the change log (and other processes re-read the names)."""

from govdesk.lib import segment
from govdesk.search import index, tasks
from govdesk.search.selectors import search_items
from govdesk.units.models import Unit
from govdesk.units.services import unit_update


def found(viewer, q):
    return [hit.item.pk for hit in search_items(viewer=viewer, q=q, filters={}).hits]


def test_renamed_units_items_are_found_by_the_new_name_only(world):
    item = world.draft(title="部署会议", body="今天开会。")
    assert found(world.a_officer, "城关镇人民政府") == [item.pk]
    unit_update(
        actor=world.county_admin, unit=world.town_a, name="清溪街道办事处", short_name="清溪街道"
    )
    assert segment.query_tokens("清溪街道办事处") == ["清溪街道办事处"]
    assert found(world.a_officer, "清溪街道办事处") == [item.pk]
    assert found(world.a_officer, "清溪街道") == [item.pk]
    assert found(world.a_officer, "城关镇人民政府") == []


def test_items_mentioning_the_new_name_are_reindexed(world):
    """Written before the name was a word, the text was cut into its parts; the
    rename re-cuts it so the name as one word finds it."""
    other = world.draft(
        unit=world.town_b,
        by=world.b_officer,
        title="河口乡支援邻镇",
        body="河口乡派出20人支援白沙岭街道办事处抢险。",
    )
    unit_update(actor=world.county_admin, unit=world.town_a, name="白沙岭街道办事处")
    assert found(world.b_officer, "白沙岭街道办事处") == [other.pk]


def test_the_reindex_after_a_rename_runs_in_the_worker(world, monkeypatch):
    """The request only cuts the new name as the index holds it and queues the rest."""
    other = world.draft(
        unit=world.town_b,
        by=world.b_officer,
        title="河口乡支援邻镇",
        body="河口乡派出20人支援石桥湾街道办事处抢险。",
    )
    queued, task = [], tasks.follow_rename
    monkeypatch.setattr(tasks, "follow_rename", lambda *args: queued.append(args))
    unit_update(actor=world.county_admin, unit=world.town_a, name="石桥湾街道办事处")
    [(unit_id, names, tokens)] = queued
    assert (unit_id, names) == (world.town_a.pk, ["石桥湾街道办事处"])
    assert tokens != [["石桥湾街道办事处"]]  # as cut before the name was a word
    assert found(world.b_officer, "石桥湾街道办事处") == []  # not re-indexed yet
    task.call_local(unit_id, names, tokens)  # what the worker runs
    assert found(world.b_officer, "石桥湾街道办事处") == [other.pk]


def test_a_stale_dictionary_still_cuts_the_new_name_as_before(world, monkeypatch):
    """The rename's process may re-read the unit names (already holding the new one)
    just then: the new name is still cut as the index holds it."""
    other = world.draft(
        unit=world.town_b,
        by=world.b_officer,
        title="河口乡支援邻镇",
        body="河口乡派出20人支援青山坳街道办事处抢险。",
    )
    index.load_dictionary()
    monkeypatch.setattr(index, "_dictionary_loaded_at", index._dictionary_loaded_at - 61)
    unit_update(actor=world.county_admin, unit=world.town_a, name="青山坳街道办事处")
    assert found(world.b_officer, "青山坳街道办事处") == [other.pk]


def test_other_processes_learn_new_names_within_a_minute(world, monkeypatch):
    index.load_dictionary()
    Unit.objects.filter(pk=world.dept.pk).update(name="县应急管理和消防救援局")
    assert segment.query_tokens("县应急管理和消防救援局") != ["县应急管理和消防救援局"]
    monkeypatch.setattr(index, "_dictionary_loaded_at", index._dictionary_loaded_at - 61)
    index.load_dictionary()
    assert segment.query_tokens("县应急管理和消防救援局") == ["县应急管理和消防救援局"]
