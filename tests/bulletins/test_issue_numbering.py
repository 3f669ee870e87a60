import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection, transaction

from govdesk.audit.services import history_of
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import IssueCounter, IssueState
from govdesk.items.models import Item, State
from govdesk.lib import clock

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_release_numbers_per_year_and_running_total(world, released):
    with clock.frozen_at(datetime(2025, 12, 30, 10, tzinfo=SHANGHAI)):
        first, second = released(), released()
    with clock.frozen_at(datetime(2026, 1, 5, 10, tzinfo=SHANGHAI)):
        third = released()
    assert [(i.year, i.number, i.total_number) for i in (first, second, third)] == [
        (2025, 1, 1),
        (2025, 2, 2),
        (2026, 1, 3),
    ]
    assert str(third) == "《快讯》2026年第1期"
    assert history_of(third).filter(action="issue.released", details__number=1).exists()


def test_supplements_are_numbered_on_their_own(world, released):
    regular = released()
    supplement = released(supplement=True)
    later = released()
    assert (supplement.number, supplement.total_number) == (1, None)
    assert (regular.number, later.number, later.total_number) == (1, 2, 2)
    assert "增刊第1期" in supplement.number_label


def test_a_voided_number_is_never_reused_and_explains_the_gap(world, released):
    first = released()
    issues.issue_void(actor=world.county_chief, issue_id=first.pk, reason="误收未核实信息")
    second = released()
    first.refresh_from_db()
    assert second.number == 2
    assert first.state == IssueState.VOIDED and first.void_reason == "误收未核实信息"


def test_release_refuses_an_item_that_is_not_adopted(world, adopted):
    item = adopted()
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[item.pk])
    issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
    # The item is taken out of the adopted state behind the issue's back (an
    # administrator's correction), after it was put in.
    Item.objects.filter(pk=item.pk).update(state=State.NOT_ADOPTED)
    with pytest.raises(issues.IssueError, match="未被《快讯》采用"):
        issues.issue_release(actor=world.county_chief, issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.state == IssueState.SIGNED and issue.number is None


def test_only_adopted_items_can_be_added(world):
    item = world.submitted()
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    with pytest.raises(issues.IssueError, match="只能编入已被"):
        issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[item.pk])


def test_only_the_chief_editor_signs_and_releases(world, adopted):
    issue = issues.issue_create(actor=world.county_editor, publication=world.kuaixun)
    issues.entry_add(actor=world.county_editor, issue_id=issue.pk, item_ids=[adopted().pk])
    with pytest.raises(PermissionDenied):
        issues.issue_sign(actor=world.county_editor, issue_id=issue.pk)
    issues.issue_sign(actor=world.county_chief, issue_id=issue.pk)
    with pytest.raises(PermissionDenied):
        issues.issue_release(actor=world.county_editor, issue_id=issue.pk)


def test_counter_hands_out_each_number_once(world):
    taken = [
        issues.next_number(publication=world.kuaixun, year=2025, supplement=False) for _ in range(3)
    ]
    assert taken == [1, 2, 3]
    assert IssueCounter.objects.get(publication=world.kuaixun, year=2025).last == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_releases_never_share_a_number(world):
    """Threads each take a number in their own transaction. On PostgreSQL they really
    contend for the counter row; SQLite serialises writers (BEGIN IMMEDIATE)."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("in-memory SQLite is not shared between threads")
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(
                    issues.next_number(publication=world.kuaixun, year=2025, supplement=False)
                )
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [1, 2, 3, 4]
