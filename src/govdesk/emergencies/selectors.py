"""Reads for the emergency pages: the board, an event's chain and alerts, the
timeliness figures, the monthly duty notice."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import F, OuterRef, Prefetch, Subquery, Sum

from govdesk import policy
from govdesk.emergencies.models import (
    Alert,
    DutyRoster,
    EmergencyReport,
    Event,
    SpotCheck,
)
from govdesk.lib import clock
from govdesk.notifications.models import ChannelKind, Delivery, DeliveryStatus
from govdesk.scoring.models import LedgerLine, Penalty
from govdesk.units.models import Unit


@dataclass
class BoardRow:
    event: Event
    since: timedelta
    due_at: datetime | None
    left: timedelta | None
    last_report: EmergencyReport | None
    acknowledged: list[str]
    waiting: int
    mine: int  # alerts of this event the viewer has not acknowledged yet

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left < timedelta(0)


def acknowledgers(event: Event) -> list[str]:
    alerts = Alert.objects.filter(message__event=event, acknowledged_at__isnull=False)
    return sorted({str(a.recipient) for a in alerts.select_related("recipient")})


def board(*, offices, user) -> list[BoardRow]:
    now = clock.now()
    events = (
        Event.objects.filter(office__in=offices, closed_at__isnull=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch("reports", queryset=EmergencyReport.objects.filter(received_at__isnull=False))
        )
        .order_by("next_due_at", "-occurred_at")
    )
    rows = []
    for event in events:
        reports = list(event.reports.all())
        pending = Alert.objects.filter(message__event=event, acknowledged_at__isnull=True)
        rows.append(
            BoardRow(
                event=event,
                since=now - event.occurred_at,
                due_at=event.next_due_at,
                left=event.next_due_at - now if event.next_due_at else None,
                last_report=reports[-1] if reports else None,
                acknowledged=acknowledgers(event),
                waiting=pending.count(),
                mine=pending.filter(recipient=user).count(),
            )
        )
    return rows


def units_under(offices):
    """The active units reporting directly to the given offices."""
    ids = [child.pk for office in offices for child in Unit.objects.get_children(office)]
    return Unit.objects.filter(pk__in=ids, is_active=True)


def open_events(*, units):
    """A unit's open events, to follow up (or to file the written report after a call)."""
    return Event.objects.filter(unit__in=units, closed_at__isnull=True).order_by("next_due_at")


def penalties(*, offices, year: int):
    """The 报送失误 of the offices' units in a year, newest first, with the deduction
    each caused in the offices' own schemes."""
    deduction = (
        LedgerLine.objects.filter(penalty=OuterRef("pk"), scheme__office__in=offices)
        .values("penalty")
        .annotate(total=Sum("points"))
        .values("total")
    )
    return (
        Penalty.objects.filter(unit__in=units_under(offices), occurred_on__year=year)
        .select_related("unit", "item", "recorded_by")
        .annotate(points=Subquery(deduction))
        .order_by("-occurred_on", "-id")
    )


def my_alerts(*, user):
    return (
        Alert.objects.filter(recipient=user, acknowledged_at__isnull=True)
        .select_related("message__event__unit")
        .order_by("-message__created_at")
    )


def event_deliveries(event: Event):
    """The event's e-mails, robot and push messages (its in-app deliveries show as
    the alerts' acknowledgements)."""
    return (
        Delivery.objects.filter(message__eventmessage__event=event)
        .exclude(channel=ChannelKind.INAPP)
        .select_related("message")
    )


@dataclass
class Timeliness:
    unit: str
    reports: int
    within_limit: int
    median_minutes: int | None
    within_30_of_learning: float | None


def timeliness(*, offices, month: date) -> list[Timeliness]:
    """First written reports received in the month, per unit: how many came within the
    limit, the median minutes from event to report, and the share that arrived within
    30 minutes of 接报."""
    start = month.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    firsts = (
        EmergencyReport.objects.filter(
            event__office__in=offices,
            sequence=0,
            received_at__date__gte=start,
            received_at__date__lt=end,
        )
        .select_related("event__unit")
        .order_by("event__unit__path")
    )
    by_unit: dict[str, list[EmergencyReport]] = {}
    for report in firsts:
        by_unit.setdefault(report.event.unit.name, []).append(report)
    rows = []
    for unit, reports in by_unit.items():
        minutes = [(r.received_at - r.event.occurred_at).total_seconds() / 60 for r in reports]
        quick = [r for r in reports if r.received_at - r.learned_at <= timedelta(minutes=30)]
        rows.append(
            Timeliness(
                unit=unit,
                reports=len(reports),
                within_limit=sum(not r.is_late for r in reports),
                median_minutes=round(median(minutes)),
                within_30_of_learning=len(quick) / len(reports),
            )
        )
    return rows


def duty_month(*, office, month: date):
    """Spot checks of the month under the office; the failures are the notice."""
    start = month.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    checks = SpotCheck.objects.filter(
        office=office, checked_at__date__gte=start, checked_at__date__lt=end
    )
    return checks.select_related("unit", "checked_by").order_by("checked_at")


def rosters(*, units, day: date):
    return DutyRoster.objects.filter(unit__in=units, day=day).select_related("unit")


def watched_events(*, user):
    """Open events of the offices the user watches, the next report due first."""
    return (
        Event.objects.filter(office__in=policy.watched_offices(user), closed_at__isnull=True)
        .select_related("unit")
        .order_by(F("next_due_at").asc(nulls_last=True), "-occurred_at")
    )


def reports_due(*, user, within: timedelta = timedelta(hours=24)):
    """Open events whose next written report is due within ``within`` (or overdue)."""
    return watched_events(user=user).filter(next_due_at__lte=clock.now() + within)


def roster_gaps(*, user, day: date):
    """Units whose duty roster the user keeps or checks with no one on duty on ``day``."""
    staffed = DutyRoster.objects.filter(day=day).values("unit")
    return policy.roster_units(user).exclude(pk__in=staffed).order_by("path")


def failed_deliveries(*, offices):
    """Alert e-mails and webhook calls of the offices' events that finally failed."""
    return (
        Delivery.objects.filter(
            message__eventmessage__event__office__in=offices, status=DeliveryStatus.FAILED
        )
        .select_related("message")
        .order_by("-created_at", "-id")
    )
