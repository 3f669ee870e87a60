"""The worker prepares last month's draft notices from the first working day of a
month on (statutory holidays and 调休 from chinese-calendar), tells the people who
issue them, and never prepares a period twice."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from govdesk.circulars import services, tasks
from govdesk.circulars.models import Circular, Kind, State
from govdesk.emergencies import duty
from govdesk.lib import clock
from govdesk.notifications.models import Delivery
from govdesk.notifications.models import Kind as NotificationKind

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The worker on ``day``; its transactions commit, so the change-log subscribers
    tell people."""

    def _run(day: date) -> int:
        with (
            clock.frozen_at(datetime(day.year, day.month, day.day, 8, 7, tzinfo=TZ)),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return tasks.monthly_drafts.call_local()

    return _run


def _drafts() -> set:
    return set(Circular.objects.values_list("kind", "period_label", "state"))


@pytest.fixture
def september_check(world):
    """A night spot check in September that nobody answered: a duty notice is due."""
    return duty.spot_check_record(
        actor=world.county_duty,
        unit=world.town_b,
        checked_at=datetime(2026, 9, 12, 22, 0, tzinfo=TZ),
        number="0571-7654321",
        answered=False,
        notes="无人接听",
    )


def test_first_working_day_of_october_2026_is_after_national_day():
    """国务院办公厅 2026 年节假日安排 (chinese-calendar): 10月1日至7日放假, 8日上班."""
    assert services.first_workday(2026, 10) == date(2026, 10, 8)
    assert services.first_workday(2026, 11) == date(2026, 11, 2)  # 1 November is a Sunday


def test_across_national_day_the_drafts_wait_for_october_8(
    world, county_scheme, september_check, run
):
    """September closes the third quarter: its month and quarter scoring drafts, and
    the duty notice of the office that made spot checks."""
    for holiday in (date(2026, 10, 1), date(2026, 10, 7)):
        assert run(holiday) == 0
    assert run(date(2026, 10, 8)) == 3
    assert _drafts() == {
        (Kind.SCORING_MONTH, "2026年9月", State.DRAFT),
        (Kind.SCORING_QUARTER, "2026年第3季度", State.DRAFT),
        (Kind.DUTY_MONTH, "2026年9月", State.DRAFT),
    }
    told = Delivery.objects.filter(channel="inapp", message__kind=NotificationKind.CIRCULAR_DRAFT)
    # Scoring drafts go to the desk (editor, chief), the duty draft to duty and chief.
    assert sorted(told.values_list("user__username", flat=True)) == [
        "county_chief", "county_chief", "county_chief", "county_duty",
        "county_editor", "county_editor",
    ]  # fmt: skip
    assert all(d.message.url.startswith("/circulars/") for d in told)


def test_running_twice_prepares_nothing_twice(world, county_scheme, september_check, run):
    assert run(date(2026, 10, 8)) == 3
    notes = Delivery.objects.count()
    assert run(date(2026, 10, 8)) == 0
    assert run(date(2026, 10, 9)) == 0
    assert Circular.objects.count() == 3 and Delivery.objects.count() == notes


def test_a_withdrawn_notice_is_not_prepared_again(world, county_scheme, run):
    (draft,) = services.prepare_month(year=2026, month=10)
    services.circular_issue(actor=world.county_chief, circular_id=draft.pk, doc_number="1号")
    services.circular_withdraw(actor=world.county_chief, circular_id=draft.pk, reason="重发")
    assert run(date(2026, 11, 2)) == 0


def test_an_ordinary_month(world, county_scheme, run):
    """November 2026 starts on a Sunday: nothing on the 1st, October's draft (not a
    quarter's end, no spot checks) on Monday the 2nd."""
    assert run(date(2026, 11, 1)) == 0
    assert run(date(2026, 11, 2)) == 1
    assert _drafts() == {(Kind.SCORING_MONTH, "2026年10月", State.DRAFT)}


def test_an_office_without_a_scheme_in_force_gets_no_scoring_draft(world, run):
    assert run(date(2026, 11, 2)) == 0


def test_the_command_prepares_a_given_month(world, county_scheme, capsys):
    call_command("prepare_circulars", "--month", "2026-06")
    out = capsys.readouterr().out
    assert "关于2026年6月政务信息报送采用情况的通报" in out
    assert "关于2026年第2季度政务信息报送采用情况的通报" in out
    assert "共生成 2 份通报草稿。" in out
    call_command("prepare_circulars", "--month", "2026-06")
    assert "共生成 0 份通报草稿。" in capsys.readouterr().out


def test_a_draft_prepared_by_hand_tells_nobody_else(
    world, county_scheme, django_capture_on_commit_callbacks
):
    with (
        clock.frozen_at(datetime(2026, 11, 2, 9, 0, tzinfo=TZ)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.circular_prepare(
            actor=world.county_chief,
            office=world.county,
            kind=Kind.SCORING_MONTH,
            year=2026,
            number=10,
        )
    assert Circular.objects.count() == 1
    assert not Delivery.objects.filter(message__kind=NotificationKind.CIRCULAR_DRAFT).exists()
