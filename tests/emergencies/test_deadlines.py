"""Reporting limits: the seeded 2 h / 3 h, office overrides, the most specific rule."""

from datetime import timedelta

from govdesk.emergencies.limits import limit_for, report_due
from govdesk.emergencies.models import Category, ReportingLimit, Severity
from tests.emergencies.conftest import NIGHT


def test_major_events_are_due_within_two_hours_of_the_event(world):
    due = report_due(
        world.county, category=Category.ACCIDENT, severity=Severity.MAJOR, occurred_at=NIGHT
    )
    assert due == NIGHT + timedelta(hours=2)
    assert "2小时" in limit_for(world.county, Category.ACCIDENT, Severity.MAJOR).basis


def test_other_events_follow_the_tianjin_three_hours(world):
    due = report_due(
        world.county, category=Category.HEALTH, severity=Severity.ORDINARY, occurred_at=NIGHT
    )
    assert due == NIGHT + timedelta(hours=3)
    assert "146号" in limit_for(world.county, Category.HEALTH, Severity.ORDINARY).basis


def test_an_office_configures_its_own_limits_and_the_most_specific_wins(world):
    ReportingLimit.objects.create(office=world.county, hours=4)
    ReportingLimit.objects.create(office=world.county, category=Category.HEALTH, hours=1)
    ReportingLimit.objects.create(
        office=world.county, category=Category.HEALTH, severity=Severity.LARGE, hours="0.5"
    )

    def due(category, severity):
        return (
            report_due(world.county, category=category, severity=severity, occurred_at=NIGHT)
            - NIGHT
        )

    assert due(Category.HEALTH, Severity.LARGE) == timedelta(minutes=30)
    assert due(Category.HEALTH, Severity.MAJOR) == timedelta(hours=1)
    assert due(Category.SECURITY, Severity.MAJOR) == timedelta(hours=4)
    # Another office still has the seeded limits.
    assert report_due(
        world.city, category=Category.HEALTH, severity=Severity.LARGE, occurred_at=NIGHT
    ) == NIGHT + timedelta(hours=3)


def test_a_written_report_carries_the_deadline_of_its_event(desk):
    report = desk.file(NIGHT, occurred_at=NIGHT - timedelta(minutes=40), severity=Severity.LARGE)

    assert report.event.report_due_at == NIGHT - timedelta(minutes=40) + timedelta(hours=3)
    assert report.due_at == report.event.report_due_at
    assert report.received_at == NIGHT
    assert not report.is_late
