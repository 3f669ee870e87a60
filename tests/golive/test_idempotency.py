"""Idempotency keys that hold: settled in the transaction of the work, claims of killed
requests taken over after the timeout, overtaken slow requests undone, old keys purged."""

from datetime import timedelta

import pytest

from govdesk.api.idempotent import IN_PROGRESS, request_key
from govdesk.audit import dispatch
from govdesk.core import idempotency
from govdesk.core.models import RequestKey
from govdesk.items.models import Item
from govdesk.lib import clock

JSON = "application/json"


def create(client, world, key):
    body = {"unit": world.town_a.pk, "title": "城关镇开展安全生产检查"}
    return client.post("/api/items", body, content_type=JSON, headers={"Idempotency-Key": key})


@pytest.mark.django_db
def test_a_killed_requests_claim_is_taken_over_after_the_timeout(world, login, settings):
    settings.GOVDESK_REQUEST_KEY_CLAIM_SECONDS = 120
    client = login(world.a_officer)
    # What a server killed mid-request leaves: a claim without a result (and no item).
    RequestKey.objects.create(
        key=request_key(world.a_officer, "/api/items", "k-9"),
        user=world.a_officer,
        path="/api/items",
    )

    running = create(client, world, "k-9")
    assert running.status_code == 409 and running.json() == {"detail": IN_PROGRESS}
    with clock.frozen_at(clock.now() + timedelta(seconds=121)):
        redone = create(client, world, "k-9")
        again = create(client, world, "k-9")
    assert redone.status_code == again.status_code == 201
    assert redone.json()["id"] == again.json()["id"]
    assert Item.objects.count() == 1
    assert RequestKey.objects.get().result == str(redone.json()["id"])


@pytest.mark.django_db
def test_an_overtaken_request_undoes_its_work(world):
    key = request_key(world.a_officer, "/api/items", "slow")

    def slow_work():
        item = world.draft(title="慢请求起草的信息")
        # Meanwhile its claim expired and a retry took the key over.
        RequestKey.objects.filter(key=key).update(claimed_at=clock.now() + timedelta(seconds=1))
        return item, str(item.pk)

    outcome = idempotency.once(key, user=world.a_officer, path="/api/items", work=slow_work)
    assert outcome == idempotency.Outcome(done=False, earlier="")
    assert not Item.objects.exists()
    assert RequestKey.objects.get(key=key).result == ""  # the retry's to settle


@pytest.mark.django_db(transaction=True)
def test_work_after_the_commit_cannot_unsettle_the_key(world, login, monkeypatch):
    monkeypatch.setattr(dispatch, "_subscribers", [])

    def indexing_times_out(change):
        raise RuntimeError("database is locked")

    dispatch.subscribe("item.", after_commit=True)(indexing_times_out)
    client = login(world.a_officer)
    first = create(client, world, "k-1")
    again = create(client, world, "k-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Item.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_purged_after_the_retention_period(world, settings):
    settings.GOVDESK_REQUEST_KEY_RETENTION_DAYS = 7
    now = clock.now()
    for days, header in ((8, "old"), (6, "recent")):
        RequestKey.objects.create(
            key=request_key(world.a_officer, "/api/items", header),
            user=world.a_officer,
            path="/api/items",
            result="1",
            claimed_at=now - timedelta(days=days),
        )
    assert idempotency.purge(now=now) == 1
    assert RequestKey.objects.get().key == request_key(world.a_officer, "/api/items", "recent")
