"""Unacknowledged alerts escalate after the office's minutes, once."""

from datetime import timedelta

from govdesk.emergencies import services
from govdesk.emergencies.models import Alert, EventMessage, Reason
from govdesk.lib import clock
from tests.emergencies.conftest import NIGHT


def _escalations():
    return EventMessage.objects.filter(reason=Reason.ESCALATION)


def test_an_alert_nobody_acknowledges_escalates_to_leaders_and_chief_once(desk, world):
    desk.file(NIGHT)

    desk.scan(NIGHT + timedelta(minutes=14))
    assert not _escalations().exists()
    desk.scan(NIGHT + timedelta(minutes=15))
    desk.scan(NIGHT + timedelta(minutes=16))

    escalation = _escalations().get()
    assert escalation.subject.startswith("【升级·15分钟无人确认】")
    recipients = set(escalation.alerts.values_list("recipient__username", flat=True))
    assert recipients == {"county_duty", "county_leader", "county_chief"}


def test_an_acknowledged_alert_does_not_escalate(desk, world):
    report = desk.file(NIGHT)
    with clock.frozen_at(NIGHT + timedelta(minutes=3)):
        services.alerts_acknowledge(actor=world.county_duty, event_id=report.event_id)

    desk.scan(NIGHT + timedelta(hours=1))
    assert not _escalations().exists()
    alert = Alert.objects.get(recipient=world.county_duty)
    assert alert.acknowledged_at == NIGHT + timedelta(minutes=3)


def test_the_office_sets_how_long_to_wait(desk, world):
    settings = services.office_settings(world.county)
    settings.escalate_after_minutes = 5
    settings.save()
    desk.file(NIGHT)
    desk.scan(NIGHT + timedelta(minutes=5))
    assert _escalations().exists()
