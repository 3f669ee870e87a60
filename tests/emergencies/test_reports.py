"""Report first, sign after; phone pre-reports; the follow-up chain to the final
report; daily reporting; automatic 迟报."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from govdesk import policy
from govdesk.emergencies import services
from govdesk.emergencies.models import Alert, Reason
from govdesk.items import services as items
from govdesk.items.models import Item, State
from govdesk.items.workflow import TransitionError
from govdesk.lib import clock
from govdesk.scoring.models import LearnedFrom, Penalty, PenaltyKind
from tests.emergencies.conftest import NIGHT, facts


def test_an_emergency_reaches_the_office_before_the_reviewer_signs(desk, world):
    report = desk.file(NIGHT)
    item = report.item
    item.refresh_from_db()

    assert item.state == State.PENDING_SIGNOFF
    assert item.submitted_at == NIGHT and item.submission_count == 1
    assert policy.can(world.county_editor, "item.view", item)
    alerted = set(
        Alert.objects.filter(message__report=report).values_list("recipient__username", flat=True)
    )
    assert alerted == {"county_duty", "county_leader"}

    later = NIGHT + timedelta(hours=5)  # the reviewer was away; nothing waited for them
    with clock.frozen_at(later):
        items.item_transition(item_id=item.pk, action="sign_off", actor=world.a_reviewer)
    item.refresh_from_db()
    assert item.state == State.SUBMITTED
    assert (item.reviewer, item.signed_off_at, item.submitted_at) == (
        world.a_reviewer,
        later,
        NIGHT,
    )
    assert item.submission_count == 1


def test_a_submitted_emergency_cannot_be_withdrawn(desk, world):
    report = desk.file(NIGHT)
    with pytest.raises(TransitionError, match="不能撤回"):
        items.item_transition(item_id=report.item_id, action="withdraw", actor=world.a_officer)


def test_follow_ups_chain_until_the_final_report_closes_the_event(desk, world):
    first = desk.file(NIGHT)
    event = first.event
    second = desk.file(NIGHT + timedelta(hours=3), event=event)
    third = desk.file(NIGHT + timedelta(hours=9), event=event)
    final = desk.file(NIGHT + timedelta(days=1), event=event, final=True)

    assert [r.label for r in event.reports.all()] == ["首报", "续报1", "续报2", "终报"]
    assert (second.sequence, third.sequence) == (1, 2)
    event.refresh_from_db()
    assert event.closed_at == NIGHT + timedelta(days=1) and event.next_due_at is None
    assert final.event_id == event.pk
    with pytest.raises(PermissionDenied):
        desk.file(NIGHT + timedelta(days=2), event=event)


def test_a_phone_pre_report_opens_the_event_and_the_written_report_joins_it(desk, world):
    with clock.frozen_at(NIGHT), desk.commit(execute=True):
        event = services.event_open_by_phone(
            actor=world.county_duty,
            unit=world.town_a,
            title="东河村山洪",
            caller="城关镇值班员刘强",
            called_at=NIGHT,
            summary="东河村山洪冲毁道路，暂无伤亡",
            facts=facts(NIGHT - timedelta(minutes=30)),
        )
    assert event.next_due_at == NIGHT - timedelta(minutes=30) + timedelta(hours=2)
    assert event.messages.get().reason == Reason.PHONE

    report = desk.file(NIGHT + timedelta(minutes=50), event=event)
    assert (report.sequence, report.label, report.is_late) == (0, "首报", False)
    event.refresh_from_db()  # the next deadline is now the follow-up's
    assert event.next_due_at == NIGHT + timedelta(minutes=50, hours=6)


def test_only_the_duty_office_records_phone_reports(world):
    with pytest.raises(PermissionDenied):
        services.event_open_by_phone(
            actor=world.a_officer,
            unit=world.town_a,
            title="x",
            caller="x",
            called_at=NIGHT,
            summary="x",
            facts=facts(NIGHT),
        )


def test_a_late_written_report_is_charged_as_late_automatically(desk, world):
    occurred = NIGHT - timedelta(hours=2, minutes=25)  # major: due 2 h after the event
    report = desk.file(NIGHT, occurred_at=occurred)

    assert report.is_late
    penalty = Penalty.objects.get()
    assert (penalty.unit, penalty.kind, penalty.item) == (
        world.town_a,
        PenaltyKind.LATE,
        report.item,
    )
    assert penalty.recorded_by is None and penalty.learned_from == LearnedFrom.SYSTEM
    assert "超过报送时限" in penalty.description and "25分钟" in penalty.description


def test_a_report_within_its_limit_is_not_charged(desk):
    desk.file(NIGHT, occurred_at=NIGHT - timedelta(hours=1, minutes=59))
    assert not Penalty.objects.exists()


def test_daily_reporting_makes_a_follow_up_due_each_day_with_a_reminder(desk, world):
    first = desk.file(NIGHT)
    event = services.event_set_daily(actor=world.county_duty, event_id=first.event_id, daily=True)
    assert event.next_due_at == NIGHT + timedelta(days=1)

    desk.scan(NIGHT + timedelta(hours=22))
    assert not event.messages.filter(reason=Reason.REMINDER).exists()
    desk.scan(NIGHT + timedelta(hours=23, minutes=1))
    desk.scan(NIGHT + timedelta(hours=23, minutes=2))
    reminder = event.messages.get(reason=Reason.REMINDER)
    assert set(reminder.alerts.values_list("recipient__username", flat=True)) == {
        "a_officer",
        "a_reviewer",
    }

    late = desk.file(NIGHT + timedelta(days=1, minutes=30), event=event)
    assert late.is_late and late.label == "续报1"
    event.refresh_from_db()
    assert event.next_due_at == NIGHT + timedelta(days=2, minutes=30)


def test_a_returned_emergency_resubmitted_alerts_again_and_signs_off_as_resubmitted(desk, world):
    report = desk.file(NIGHT)
    item_id = report.item_id
    actions = [
        ("reviewer_return", world.a_reviewer, "请补充伤亡情况"),
        ("submit", world.a_officer, ""),
        ("sign_off", world.a_reviewer, ""),
    ]
    for action, actor, reason in actions:
        with desk.commit(execute=True):
            items.item_transition(item_id=item_id, action=action, actor=actor, reason=reason)
    item = Item.objects.get(pk=item_id)
    assert (item.state, item.submission_count) == (State.RESUBMITTED, 2)
    assert report.event.messages.filter(reason=Reason.REPORT).count() == 2
