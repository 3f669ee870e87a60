"""Writes for emergencies: phone pre-reports, written reports and their receipt,
alerts (messages of the outbound pipeline), acknowledgement, daily reporting,
and the scans the worker runs every minute (escalation, reminders)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from govdesk import policy
from govdesk.accounts.models import Role, User
from govdesk.audit.services import record
from govdesk.emergencies.limits import report_due
from govdesk.emergencies.models import (
    Alert,
    AlertSettings,
    EmergencyReport,
    Event,
    EventMessage,
    Reason,
    Severity,
)
from govdesk.items import services as items
from govdesk.items.models import ItemKind, Urgency
from govdesk.lib import clock
from govdesk.notifications.models import ChannelKind, Kind
from govdesk.notifications.services import Recipient, deliveries_create

FACT_FIELDS = (
    "occurred_at",
    "learned_at",
    "place",
    "category",
    "severity",
    "casualties",
    "trend",
    "leaders_on_site",
    "measures",
)


def _people(unit, roles) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__unit=unit,
            memberships__role__in=roles,
            memberships__is_active=True,
        ).distinct()
    )


def office_settings(office) -> AlertSettings:
    return AlertSettings.objects.get_or_create(office=office)[0]


def duty_officers(office) -> list[User]:
    """The duty officers the office chose (all of them if it chose none)."""
    chosen = office_settings(office).duty_officers.filter(is_active=True)
    return list(chosen) or _people(office, [Role.DUTY])


def duty_mobiles(office) -> list[str]:
    """Whom a robot @-mentions on an urgent alert: the duty officers' phone numbers."""
    return sorted({u.phone for u in duty_officers(office) if u.phone})


def watchers(office) -> list[User]:
    """The duty officers and the leaders the office configured: alerted at once."""
    configured = list(office_settings(office).leaders.filter(is_active=True))
    return list({u.pk: u for u in duty_officers(office) + configured}.values())


def escalation_recipients(office) -> list[User]:
    people = watchers(office) + _people(office, [Role.LEADER, Role.CHIEF])
    return list({u.pk: u for u in people}.values())


def notify(*, event: Event, reason: str, subject: str, text: str, recipients, report=None):
    """One alert through the outbound pipeline: in-app (with an alert to acknowledge)
    and by e-mail (unless the office turned e-mail off) to each recipient, and a
    message to each active robot and push address of the office that takes alerts.
    The deliveries are queued once the transaction commits. An urgent alert
    (特别重大/重大, or escalated) @-mentions the duty officers on the robots."""
    urgent = reason == Reason.ESCALATION or event.severity <= Severity.MAJOR
    message = EventMessage.objects.create(
        kind=Kind.EMERGENCY,
        event=event,
        report=report,
        reason=reason,
        subject=subject[:200],
        text=text,
        url=f"/emergencies/events/{event.pk}/",
        office=event.office,
        mentions=duty_mobiles(event.office) if urgent else [],
        data={
            "reason": reason,
            "event": {"id": event.pk, "title": event.title, "unit": event.unit.name},
            "report_id": report.pk if report else None,
        },
    )
    Alert.objects.bulk_create(Alert(message=message, recipient=u) for u in recipients)
    mail = office_settings(event.office).email
    targets = [Recipient(ChannelKind.INAPP, str(u), user=u) for u in recipients]
    targets += [
        Recipient(ChannelKind.EMAIL, u.email, user=u) for u in recipients if u.email and mail
    ]
    targets += [
        Recipient(hook.kind, hook.url, webhook=hook)
        for hook in event.office.webhooks.filter(is_active=True, alerts=True)
    ]
    deliveries = deliveries_create(message=message, recipients=targets)
    record(
        actor=None,
        action="emergency.notified",
        target=message,
        summary=f"紧急信息提醒：{subject}",
        reason=reason,
        recipients=[u.pk for u in recipients],
        delivery_ids=[d.pk for d in deliveries],
    )
    return message


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%m月%d日 %H:%M}"


def _event_text(event: Event, headline: str) -> str:
    return (
        f"{headline}\n事件：{event.title}\n单位：{event.unit.name}\n"
        f"类别：{event.get_category_display()}，{event.get_severity_display()}\n"
        f"事发：{_local(event.occurred_at)}　地点：{event.place or '—'}\n"
        f"书面报告时限：{_local(event.report_due_at)}"
    )


def _new_event(*, office, unit, title: str, facts: dict) -> Event:
    due = report_due(
        office,
        category=facts["category"],
        severity=facts["severity"],
        occurred_at=facts["occurred_at"],
    )
    return Event.objects.create(
        office=office,
        unit=unit,
        title=title,
        category=facts["category"],
        severity=facts["severity"],
        place=facts.get("place", ""),
        occurred_at=facts["occurred_at"],
        learned_at=facts.get("learned_at") or facts["occurred_at"],
        report_due_at=due,
        next_due_at=due,
    )


@transaction.atomic
def event_open_by_phone(
    *, actor, unit, title: str, caller: str, called_at, summary: str, facts: dict
) -> Event:
    """先电话后书面: the duty officer records a unit's call; the event opens and its
    written report falls due from the event time."""
    office = unit.superior_office()
    policy.deny_unless(office is not None and policy.can(actor, "office.take_calls", office))
    event = _new_event(office=office, unit=unit, title=title, facts=facts)
    event.phone_caller, event.phone_at, event.phone_summary = caller, called_at, summary
    event.phone_taken_by = actor
    event.save()
    record(actor=actor, action="emergency.phoned", target=event, summary=f"电话报告：{title}")
    notify(
        event=event,
        reason=Reason.PHONE,
        subject=f"【电话报告】{unit.name}：{title}",
        text=_event_text(event, f"{caller}来电：{summary}"),
        recipients=watchers(office),
    )
    return event


def next_report_label(event: Event) -> str:
    """What the next written report of ``event`` is headed: 首报 when none was written
    yet (a phone pre-report is not one), else 续报N."""
    return EmergencyReport(sequence=event.reports.count()).label


@transaction.atomic
def report_file(
    *,
    actor,
    unit,
    title: str,
    body: str,
    facts: dict,
    event_id: int | None = None,
    is_final: bool = False,
    writer: str = "",
    contact_phone: str = "",
) -> EmergencyReport:
    """A written emergency report, submitted at once: it reaches the office now and
    the unit's reviewer signs it off afterwards. With ``event_id`` it follows up
    (续报) that event, or is its first written report after a phone call."""
    if event_id is not None:
        event = Event.objects.select_for_update().get(pk=event_id)
        policy.deny_unless(event.unit_id == unit.pk and event.is_open)
        sequence = event.reports.count()
    else:
        event = None
        sequence = 0
    item = items.item_create(
        actor=actor,
        unit=unit,
        fields={
            "title": title,
            "body": body,
            "kind": ItemKind.EMERGENCY,
            "urgency": Urgency.FLASH,
            "writer": writer,
            "contact_phone": contact_phone,
        },
    )
    if event is None:
        event = _new_event(office=item.office, unit=unit, title=title, facts=facts)
    report = EmergencyReport.objects.create(
        item=item,
        event=event,
        sequence=sequence,
        is_final=is_final,
        **{f: facts.get(f) or "" for f in FACT_FIELDS if f not in ("occurred_at", "learned_at")},
        occurred_at=facts.get("occurred_at") or event.occurred_at,
        learned_at=facts.get("learned_at") or event.learned_at,
    )
    items.item_transition(item_id=item.pk, action="submit", actor=actor)
    report.refresh_from_db()
    return report


def report_received(*, item) -> None:
    """An emergency item was submitted (the ``item.submit`` subscriber, inside its
    transaction): date it, move the event on, and alert the office. A report past its
    limit says so in its ``emergency.received`` change, which scoring's subscriber
    charges as 迟报."""
    report = EmergencyReport.objects.filter(item=item).first()
    if report is None:
        return
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("office", "unit")
        .get(pk=report.event_id)
    )
    now = clock.now()
    charge = None
    if report.received_at is None:
        written_before = event.reports.filter(received_at__isnull=False).exists()
        report.due_at = event.next_due_at if written_before else event.report_due_at
        report.received_at = now
        report.is_late = report.due_at is not None and now > report.due_at
        report.save(update_fields=["due_at", "received_at", "is_late"])
        if report.is_late:
            charge = _late_charge(report, event, now)
        event.last_report_at = now
        event.severity, event.place = report.severity, report.place or event.place
        if report.is_final:
            event.closed_at, event.next_due_at = now, None
        else:
            event.next_due_at = _after(event, now)
        event.save()
    verb = "报送" if item.submission_count <= 1 else "重新报送"
    record(
        actor=None,
        action="emergency.received",
        target=event,
        summary=f"收到{report.label}：{item.title}",
        report_id=report.pk,
        late=report.is_late,
        charge=charge,
    )
    notify(
        event=event,
        report=report,
        reason=Reason.REPORT,
        subject=f"【紧急信息·{report.label}】{event.unit.name}：{item.title}",
        text=_event_text(event, f"{event.unit.name}{verb}{report.label}（{_local(now)}）")
        + f"\n\n{item.body}",
        recipients=watchers(event.office),
    )


def _after(event: Event, moment):
    """When the next follow-up falls due after a report at ``moment``."""
    interval = office_settings(event.office).follow_up(daily=event.daily_reporting)
    return moment + interval if interval else None


def _late_charge(report: EmergencyReport, event: Event, now) -> dict:
    """What the 迟报 charge needs: whom, for which item, and the lateness in words."""
    late_by = int((now - report.due_at).total_seconds() // 60)
    return {
        "unit_id": event.unit_id,
        "item_id": report.item_id,
        "description": (
            f"“{event.title}”{report.label}于{_local(now)}送达，"
            f"超过报送时限（{_local(report.due_at)}）{late_by}分钟。"
        ),
    }


@transaction.atomic
def alerts_acknowledge(*, actor, event_id: int) -> int:
    """The actor has seen every alert of the event they were sent."""
    event = Event.objects.get(pk=event_id)
    now = clock.now()
    count = Alert.objects.filter(
        message__event=event, recipient=actor, acknowledged_at__isnull=True
    ).update(acknowledged_at=now)
    if count:
        record(
            actor=actor,
            action="emergency.acknowledged",
            target=event,
            summary=f"确认收到：{event.title}",
        )
    return count


@transaction.atomic
def event_set_daily(*, actor, event_id: int, daily: bool) -> Event:
    """日报: a long event owes a follow-up every day, counted from the last report."""
    event = Event.objects.select_for_update().get(pk=event_id)
    policy.deny_unless(policy.can(actor, "office.take_calls", event.office) and event.is_open)
    event.daily_reporting = daily
    if event.last_report_at:
        event.next_due_at = _after(event, event.last_report_at)
    event.save()
    record(
        actor=actor,
        action="emergency.daily",
        target=event,
        summary=f"{'实行' if daily else '取消'}日报：{event.title}",
        daily=daily,
    )
    return event


def escalate_unacknowledged(*, now=None) -> int:
    """Alerts nobody acknowledged within the office's minutes go to every
    leader and chief editor of the office. Claimed by update: one worker escalates."""
    now = now or clock.now()
    candidates = EventMessage.objects.filter(
        reason__in=[Reason.PHONE, Reason.REPORT],
        escalated_at__isnull=True,
        created_at__lte=now - timedelta(minutes=1),
    ).exclude(alerts__acknowledged_at__isnull=False)
    escalated = 0
    for message in candidates.select_related("event__office", "event__unit"):
        event = message.event
        wait = timedelta(minutes=office_settings(event.office).escalate_after_minutes)
        if message.created_at > now - wait:
            continue
        with transaction.atomic():
            claimed = EventMessage.objects.filter(pk=message.pk, escalated_at__isnull=True).update(
                escalated_at=now
            )
            if not claimed:
                continue
            minutes = int((now - message.created_at).total_seconds() // 60)
            notify(
                event=event,
                report=message.report,
                reason=Reason.ESCALATION,
                subject=f"【升级·{minutes}分钟无人确认】{message.subject}",
                text=message.text,
                recipients=escalation_recipients(event.office),
            )
            escalated += 1
    return escalated


def remind_due(*, now=None) -> int:
    """Units get a reminder when a written report or a daily follow-up falls due."""
    now = now or clock.now()
    due = Event.objects.filter(closed_at__isnull=True, next_due_at__isnull=False).filter(
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_due_at"))
    )
    reminded = 0
    for event in due.select_related("office", "unit"):
        ahead = timedelta(minutes=office_settings(event.office).remind_before_minutes)
        if event.next_due_at - ahead > now:
            continue
        with transaction.atomic():
            claimed = (
                Event.objects.filter(pk=event.pk, next_due_at=event.next_due_at)
                .exclude(reminded_for=event.next_due_at)
                .update(reminded_for=event.next_due_at)
            )
            if not claimed:
                continue
            what = "续报" if event.last_report_at else "书面报告"
            notify(
                event=event,
                reason=Reason.REMINDER,
                subject=f"【{what}提醒】{event.title}：请于{_local(event.next_due_at)}前报送",
                text=_event_text(event, f"请于{_local(event.next_due_at)}前报送{what}。"),
                recipients=_people(
                    event.unit, [Role.OFFICER, Role.REVIEWER, Role.EDITOR, Role.CHIEF]
                ),
            )
            reminded += 1
    return reminded
