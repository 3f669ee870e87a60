import os
import subprocess
import sys
import threading

import pytest
from django.db import connection

from govdesk.items import services
from govdesk.items.models import Item
from govdesk.search import dedup, pairs
from govdesk.search.benchdata import Corpus
from govdesk.search.models import LshBand, NotDuplicate, Signature
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


def per_item_pairs(world) -> dict[frozenset, float]:
    """The similarity page as it was computed before: one ``dedup.similar`` check per
    item of the window, keeping the pairs inside it that are not marked."""
    window = Item.objects.filter(office=world.county, submission_count__gt=0)
    ids = set(window.values_list("pk", flat=True))
    marked = {frozenset(m) for m in NotDuplicate.objects.values_list("first_id", "second_id")}
    found = {}
    for item in window:
        text = dedup.item_text(item.title, item.body)
        for other, score in dedup.similar(
            text, office_id=world.county.pk, exclude=[item.pk]
        ).items():
            if other in ids and frozenset((item.pk, other)) not in marked:
                found[frozenset((item.pk, other))] = score
    return found


def test_page_pairs_are_the_per_item_checks_pairs(world):
    """Texts written from a few stock sentences (crowded LSH buckets) and near copies of
    some of them: the page's pairs, computed from the window's signatures at once, are
    the pairs one check per item finds, with the same scores; a marked pair stays out."""
    corpus = Corpus(seed=3, pool=30)
    writers = [(world.town_a, world.a_officer), (world.town_b, world.b_officer)]
    writers.append((world.dept, world.d_officer))
    made = []
    for n in range(24):
        title, body, _, _ = corpus.text()
        if n % 4 == 3:  # a near copy of an earlier text: one sentence's figures changed
            body = "近日，" + made[n - 3].body.replace("1", "7", 1)
        unit, by = writers[n % 3]
        made.append(world.submitted(unit=unit, by=by, title=title, body=body))
    before = per_item_pairs(world)
    first, second = sorted(min(before, key=sorted))
    not_duplicate_mark(actor=world.county_editor, first_id=first, second_id=second)
    expected = per_item_pairs(world)
    page = similar_pairs(viewer=world.county_editor, office=world.county)
    assert len(expected) == len(before) - 1 >= 5
    assert {frozenset((p.first.pk, p.second.pk)): p.score for p in page} == expected


def test_only_the_office_desk_may_mark(world):
    a = world.submitted(body=BODY)
    b = world.submitted(unit=world.town_b, by=world.b_officer, body=BODY)
    with pytest.raises(Exception):  # noqa: B017 — 404 or 403, either way refused
        not_duplicate_mark(actor=world.a_officer, first_id=a.pk, second_id=b.pk)
    assert not NotDuplicate.objects.exists()


def test_a_stored_item_is_a_candidate_at_once(world):
    dedup.similar(BODY)
    item = world.submitted(body=BODY)
    assert LshBand.objects.filter(item_id=item.pk).count() == dedup.BANDS
    assert item.pk in dedup.similar(BODY, office_id=world.county.pk)


def test_one_crowded_band_alone_proposes_no_candidate(world, monkeypatch):
    """Four copies of one text whose band rows are rewritten: three share only band 0 of
    the text, a bucket of three; one of them shares band 1 too; a fourth shares only band
    5, a bucket of its own. With buckets of more than two items crowded, band 0 alone
    proposes nobody; with the default limit it proposes all of them."""
    text = dedup.item_text("城关镇防汛", BODY)
    keys = dedup.bands(dedup.signature(text))
    alone, twice, other, sparse = (
        world.submitted(title="城关镇防汛", body=BODY).pk for _ in range(4)
    )
    LshBand.objects.all().delete()
    shared = {alone: [0], twice: [0, 1], other: [0], sparse: [5]}
    LshBand.objects.bulk_create(
        LshBand(item_id=pk, band=n, hash=keys[n]) for pk, ns in shared.items() for n in ns
    )
    assert set(dedup.similar(text)) == {alone, twice, other, sparse}
    monkeypatch.setattr(dedup, "CROWDED", 2)
    assert set(dedup.similar(text)) == {twice, sparse}


def test_a_changed_item_keeps_only_its_new_bands(world):
    item = world.submitted(body=BODY)
    services.item_update(
        item_id=item.pk, actor=world.county_editor, fields={"body": OTHER}, revision=item.revision
    )
    assert item.pk not in dedup.similar(BODY)
    assert item.pk in dedup.similar(OTHER)
    assert LshBand.objects.filter(item_id=item.pk).count() == dedup.BANDS


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


CHECK = """
from django.db import connection
from django.test.utils import CaptureQueriesContext
from govdesk.search import dedup
with CaptureQueriesContext(connection) as queries:
    found = dedup.similar({body!r}, office_id={office})
print("found" if {pk} in found else "missing", len(queries))
"""
STORE = """
from govdesk.items.models import Item
from govdesk.search import dedup
dedup.store(Item.objects.get(pk={pk}))
"""


def in_new_process(code: str) -> str:
    """Runs ``code`` in a new ``govdesk shell`` on the test database; its output."""
    db = connection.settings_dict
    if db["HOST"].startswith("/"):
        url = f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
    else:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "GOVDESK_DATABASE_URL": url}
    env.pop("GOVDESK_REPLICA_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "govdesk", "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_two_processes_share_the_duplicate_index(world):
    """One process indexes an item; a new process finds it at its first check, with
    three queries (the candidates from the bands, their signatures, then the texts) and
    nothing built. PostgreSQL
    only: the SQLite test database is in memory, out of other processes' reach."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    item = world.submitted(body=OTHER)
    Item.objects.filter(pk=item.pk).update(body=BODY)  # not indexed yet
    check = CHECK.format(body=BODY, office=world.county.pk, pk=item.pk)
    assert in_new_process(check) == "missing 1"  # no band shared: no texts read
    in_new_process(STORE.format(pk=item.pk))
    assert in_new_process(check) == "found 3"


def test_stored_bands_are_cut_as_datasketch_would_choose():
    """BANDS × ROWS is fixed in dedup (datasketch is imported on first use, not at start)
    and is the layout of every stored LshBand: it must stay datasketch's choice for the
    threshold, which a newer datasketch could change."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM)
    assert (lsh.b, lsh.r) == (dedup.BANDS, dedup.ROWS)
