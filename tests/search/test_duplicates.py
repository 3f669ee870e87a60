import threading

import pytest
from django.db import connection

from govdesk.items import services
from govdesk.search import dedup, pairs
from govdesk.search.models import NotDuplicate, Signature
from govdesk.search.selectors import similar_pairs, similarity_groups
from govdesk.search.services import not_duplicate_mark

BODY = (
    "6月3日，城关镇召开防汛工作部署会，全镇12个村落实防汛责任人36名，"
    "储备编织袋2000条、冲锋舟2艘，组织应急演练3场，转移群众120人。"
)
OTHER = (
    "11月8日，河口乡举办农民丰收节，展销特色农产品46种，现场签约金额380万元，"
    "吸引周边群众5000余人参加，带动民宿和餐饮增收。"
)


def relations(world):
    return {
        frozenset((p.first.pk, p.second.pk)): p.relation
        for p in similar_pairs(viewer=world.county_editor, office=world.county)
    }


def test_copy_between_townships_is_flagged(world):
    a = world.submitted(body=BODY)
    b = world.submitted(
        unit=world.town_b, by=world.b_officer, body=BODY.replace("城关镇", "河口乡")
    )
    world.submitted(unit=world.town_b, by=world.b_officer, title="河口乡丰收节", body=OTHER)
    assert relations(world) == {frozenset((a.pk, b.pk)): pairs.COPY}


def test_township_and_department_report_is_a_pair_not_a_copy(world):
    town = world.submitted(body=BODY)
    dept = world.submitted(
        unit=world.dept, by=world.d_officer, title="县应急管理局指导城关镇防汛", body=BODY
    )
    assert relations(world) == {frozenset((town.pk, dept.pk)): pairs.BLOCK_LINE}
    pair_list = similar_pairs(viewer=world.county_editor, office=world.county)
    assert similarity_groups(pair_list) == []  # linked, not grouped as copying


def test_groups_mark_shared_passages(world):
    world.submitted(body=BODY)
    world.submitted(unit=world.town_b, by=world.b_officer, body=BODY + "河口乡另行部署。")
    (group,) = similarity_groups(similar_pairs(viewer=world.county_editor, office=world.county))
    assert len(group) == 2
    assert all("<mark>" in member.passages for member in group)


def test_not_a_duplicate_mark_sticks(world):
    a = world.submitted(body=BODY)
    b = world.submitted(unit=world.town_b, by=world.b_officer, body=BODY)
    not_duplicate_mark(actor=world.county_editor, first_id=b.pk, second_id=a.pk)
    assert relations(world) == {}
    services.item_update(
        item_id=b.pk,
        actor=world.county_editor,
        fields={"body": BODY + "（续）"},
        revision=b.revision,
    )
    assert relations(world) == {}
    assert NotDuplicate.objects.get().first_id == min(a.pk, b.pk)


def test_only_the_office_desk_may_mark(world):
    a = world.submitted(body=BODY)
    b = world.submitted(unit=world.town_b, by=world.b_officer, body=BODY)
    with pytest.raises(Exception):  # noqa: B017 — 404 or 403, either way refused
        not_duplicate_mark(actor=world.a_officer, first_id=a.pk, second_id=b.pk)
    assert not NotDuplicate.objects.exists()


def test_signatures_survive_a_restart(world):
    item = world.submitted(body=BODY)
    dedup.index.reset()  # a new process: the LSH is rebuilt from the stored signatures
    assert item.pk in dedup.similar(BODY, office_id=world.county.pk)


def test_another_process_sees_new_items_without_a_rebuild(world):
    dedup.similar(BODY)  # this process has built its LSH
    item = world.submitted(body=BODY)  # stored as a new signature row
    assert item.pk in dedup.similar(BODY, office_id=world.county.pk)


def test_two_workers_signing_one_item_take_turns(world):
    """The worker's threads may follow an item's creation and its first edit at once.
    PostgreSQL only: the test database of SQLite is in memory, where threads fail on
    table locks instead of waiting (file databases take turns by BEGIN IMMEDIATE)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    item = world.draft(title="城关镇召开防汛会议")
    failures = []

    def sign():
        try:
            for _ in range(5):
                dedup.store(item)
        except Exception as error:  # what the threads hit, reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert list(Signature.objects.values_list("item_id", flat=True)) == [item.pk]
