"""The change log tells its subscribers: inside the transaction, or after commit."""

import pytest
from django.db import transaction

from govdesk.audit import dispatch
from govdesk.audit.models import Change
from govdesk.audit.services import record
from govdesk.units.models import Unit


@pytest.fixture
def subscribers(monkeypatch):
    monkeypatch.setattr(dispatch, "_subscribers", [])
    return dispatch


def test_subscribers_get_matching_changes_only(world, subscribers):
    seen = []
    subscribers.subscribe("item.adopt")(lambda change: seen.append(change.action))
    record(actor=None, action="item.adopt", target=world.town_a, summary="采用")
    record(actor=None, action="item.return", target=world.town_a, summary="退回")
    assert seen == ["item.adopt"]


def test_in_transaction_subscribers_roll_back_with_the_change(world, subscribers):
    name = world.town_a.name
    # A derived row written by the subscriber, like a ledger line.
    subscribers.subscribe("item.")(
        lambda change: Unit.objects.filter(pk=change.target_id).update(name="派生写入")
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, action="item.adopt", target=world.town_a, summary="采用")
        assert Unit.objects.get(pk=world.town_a.pk).name == "派生写入"
        raise RuntimeError("roll back")
    assert Unit.objects.get(pk=world.town_a.pk).name == name
    assert not Change.objects.filter(action="item.adopt").exists()


def test_after_commit_subscribers_wait_for_the_commit(
    world, subscribers, django_capture_on_commit_callbacks
):
    seen = []
    subscribers.subscribe("item.", after_commit=True)(lambda change: seen.append(change.action))
    with django_capture_on_commit_callbacks(execute=True):
        record(actor=None, action="item.submit", target=world.town_a, summary="提交")
        assert seen == []
    assert seen == ["item.submit"]


def test_muted_subscribers_are_skipped_inside_the_block_only(world, subscribers):
    seen = []

    def ledger(change):
        seen.append(("ledger", change.action))

    def other(change):
        seen.append(("other", change.action))

    subscribers.subscribe("item.")(ledger)
    subscribers.subscribe("item.")(other)
    with subscribers.muted(ledger):
        record(actor=None, action="item.submit", target=world.town_a, summary="提交")
        with subscribers.muted(other):
            record(actor=None, action="item.adopt", target=world.town_a, summary="采用")
        record(actor=None, action="item.return", target=world.town_a, summary="退回")
    record(actor=None, action="item.sign_off", target=world.town_a, summary="签发")
    assert seen == [
        ("other", "item.submit"),
        ("other", "item.return"),
        ("ledger", "item.sign_off"),
        ("other", "item.sign_off"),
    ]
    assert Change.objects.filter(action="item.adopt").exists()  # the change is still written
