"""/api/emergencies and /api/duty: emergency reports (先电话后书面, 首报、续报、终报),
the board, alerts and the duty roster. Every write calls the service the pages call
(``emergencies.services``, ``emergencies.duty``), so a report filed here reaches the
board, alerts the same people and is timed (迟报) exactly as one filed on the page."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from govdesk import policy
from govdesk.api.emergency_schemas import (
    AcknowledgedOut,
    AlertOut,
    BoardRowOut,
    DailyIn,
    EventDetailOut,
    EventFilters,
    EventOut,
    PenaltyCancelIn,
    PenaltyFilters,
    PenaltyIn,
    PenaltyOut,
    PhoneIn,
    ReportIn,
    ReportOut,
    RosterFilters,
    RosterIn,
    RosterOut,
    SpotCheckIn,
    SpotCheckOut,
)
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.pagination import Pagination
from govdesk.emergencies import duty, selectors, services
from govdesk.emergencies.models import EmergencyReport, Event, SpotCheck
from govdesk.emergencies.services import FACT_FIELDS
from govdesk.lib import clock
from govdesk.scoring.models import Penalty
from govdesk.scoring.services import penalty_record, penalty_withdraw

emergencies = Router(tags=["突发事件"])
duty_rosters = Router(tags=["值班"])

EVENT_NOT_FOUND = "突发事件不存在，或您无权查看。"
NO_WRITER_UNIT = "您没有可报送紧急信息的单位。"
NOT_YOUR_UNIT = "您不能以该单位名义报送：{id}。"
EVENT_CLOSED = "该事件已终报，不能再续报。"
NOT_ON_CALL = "您不在任何办公室值班，不能记录电话报告。"
NOT_UNDER = "来电单位须直属您值班的办公室：{id}。"
NOT_WATCHING = "您没有值守的突发事件值班板。"
REQUIRED = "此项为必填项。"
DESK_ONLY = "只有办公室的编辑、主编可以记录报送失误。"
NOT_UNDER_DESK = "责任单位须直属您编辑的办公室：{id}。"
# The facts every event needs; a follow-up takes them from its event.
EVENT_FACTS = ("occurred_at", "learned_at", "place", "category", "severity")


def visible_event(user, event_id: int) -> Event:
    event = policy.visible_events(user).select_related("phone_taken_by").filter(pk=event_id).first()
    if event is None:
        raise Http404(EVENT_NOT_FOUND)
    return event


def _called_unit(user, unit_id: int):
    """A unit reporting to an office where ``user`` takes calls (phone reports, spot
    checks): 403 for someone on call nowhere, 422 for a unit outside their offices."""
    offices = policy.call_offices(user)
    if not offices:
        raise PermissionDenied(NOT_ON_CALL)
    unit = selectors.units_under(offices).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": NOT_UNDER.format(id=unit_id)})
    return unit


def _facts(payload, *, event: Event | None, optional=()) -> dict:
    """The payload's facts, a follow-up's missing ones from its event; 422 for a
    required fact left out."""
    facts = {name: getattr(payload, name, None) for name in FACT_FIELDS}
    if facts["severity"] is not None:
        facts["severity"] = int(facts["severity"])
    missing = {}
    for name in EVENT_FACTS:
        if facts[name] in (None, "") and event is not None:
            facts[name] = getattr(event, name)
        elif facts[name] in (None, "") and name not in optional:
            missing[name] = REQUIRED
    if missing:
        raise ValidationError(missing)
    return facts


@emergencies.get(
    "/board",
    response=list[BoardRowOut],
    summary="突发事件值班板",
    description=(
        "本人值守的办公室（值班员、领导、编辑、主编）处置中的事件，按下次报告时限排列，"
        "与网页值班板相同。无值守办公室时 403。"
    ),
)
def board(request):
    offices = policy.watched_offices(request.auth)
    if not offices.exists():
        raise PermissionDenied(NOT_WATCHING)
    rows = selectors.board(offices=offices, user=request.auth)
    return [
        {
            "event": row.event,
            "seconds_left": int(row.left.total_seconds()) if row.left is not None else None,
            "overdue": row.overdue,
            "last_report": row.last_report.label if row.last_report else None,
            "acknowledged": row.acknowledged,
            "waiting": row.waiting,
            "mine": row.mine,
        }
        for row in rows
    ]


@emergencies.get(
    "/events",
    response=list[EventOut],
    summary="突发事件列表",
    description="本人可查看的事件：本单位报告的，以及本人值守的办公室收到的；新事件在前。",
)
@paginate(Pagination)
def event_list(request, filters: Query[EventFilters]):
    events = policy.visible_events(request.auth).select_related("phone_taken_by")
    if filters.open is not None:
        events = events.filter(closed_at__isnull=filters.open)
    return events.order_by("-occurred_at", "-id")


@emergencies.get(
    "/events/{event_id}",
    response=EventDetailOut,
    summary="突发事件详情",
    description="事件、电话报告、各份书面报告（含报送时限、送达时间和是否迟报）及确认情况。",
)
def event_detail(request, event_id: int):
    return visible_event(request.auth, event_id)


@emergencies.post(
    "/reports",
    response={201: ReportOut},
    summary="报送紧急信息（首报、续报、终报）",
    description=(
        "书面报告即时送达上级办公室并提醒值班人员，本单位审核人事后签发。新事件须填写"
        "事发时间、接报时间、地点、类别和级别；续报、终报或电话报告后的首份书面报告填写"
        "event_id，未填的要素沿用事件的。报送时限和迟报与网页报送完全相同。"
        f"{IDEMPOTENT}"
    ),
)
def report_file(request, payload: ReportIn):
    user = request.auth
    units = policy.writer_units(user)
    event = None
    if payload.event_id is not None:
        event = policy.visible_events(user).filter(pk=payload.event_id, unit__in=units).first()
        if event is None:
            raise Http404(EVENT_NOT_FOUND)
        if not event.is_open:
            raise PermissionDenied(EVENT_CLOSED)
        unit = event.unit
    elif payload.unit_id is not None:
        unit = units.filter(pk=payload.unit_id).first()
        if unit is None:
            raise PermissionDenied(NOT_YOUR_UNIT.format(id=payload.unit_id))
    else:
        unit = units.order_by("path").first()
        if unit is None:
            raise PermissionDenied(NO_WRITER_UNIT)
    facts = _facts(payload, event=event)

    def create():
        return services.report_file(
            actor=user,
            unit=unit,
            title=payload.title,
            body=payload.body,
            facts=facts,
            event_id=event.pk if event else None,
            is_final=payload.is_final,
            writer=payload.writer or user.full_name,
            contact_phone=payload.contact_phone or user.phone,
        )

    return create_once(
        request, create, lambda pk: EmergencyReport.objects.select_related("item").get(pk=pk)
    )


@emergencies.post(
    "/phone",
    response={201: EventOut},
    summary="记录电话报告（先电话后书面）",
    description=(
        "值班员记录下级单位的来电：事件立案，书面报告时限自事发时间起算，并提醒值守人员。"
        f"本办公室的值班员和主编可记录。{IDEMPOTENT}"
    ),
)
def phone_record(request, payload: PhoneIn):
    user = request.auth
    unit = _called_unit(user, payload.unit_id)
    facts = _facts(payload, event=None, optional=("learned_at",))

    def create():
        return services.event_open_by_phone(
            actor=user,
            unit=unit,
            title=payload.title,
            caller=payload.caller,
            called_at=payload.called_at,
            summary=payload.summary,
            facts={name: facts[name] for name in EVENT_FACTS},
        )

    return create_once(request, create, lambda pk: visible_event(user, pk))


@emergencies.get(
    "/alerts",
    response=list[AlertOut],
    summary="我的未确认提醒",
    description="发给本人、尚未确认收到的突发事件提醒，新提醒在前。",
)
def alert_list(request):
    return list(selectors.my_alerts(user=request.auth))


@emergencies.post(
    "/events/{event_id}/acknowledge",
    response=AcknowledgedOut,
    summary="确认收到提醒",
    description="确认本人收到的该事件全部提醒；确认后不再升级提醒。",
)
def acknowledge(request, event_id: int):
    event = visible_event(request.auth, event_id)
    return {"acknowledged": services.alerts_acknowledge(actor=request.auth, event_id=event.pk)}


@emergencies.put(
    "/events/{event_id}/daily",
    response=EventOut,
    summary="实行或取消日报",
    description="处置时间长的事件每日续报，时限自最近一份报告起算。接收办公室的值班员和主编可设置。",
)
def daily_set(request, event_id: int, payload: DailyIn):
    event = visible_event(request.auth, event_id)
    services.event_set_daily(actor=request.auth, event_id=event.pk, daily=payload.daily)
    return visible_event(request.auth, event_id)


@duty_rosters.get(
    "/rosters",
    response=list[RosterOut],
    summary="值班表",
    description="本人排班或抽查的单位某日的值班安排（带班领导、值班员、值班电话）。",
)
def roster_list(request, filters: Query[RosterFilters]):
    day = filters.day or timezone.localdate(clock.now())
    units = policy.roster_units(request.auth)
    return list(selectors.rosters(units=units, day=day).select_related("unit"))


@duty_rosters.put(
    "/rosters/{unit_id}/{day}",
    response=RosterOut,
    summary="排班",
    description="设置单位某日的值班安排：本单位信息员、审核人、值班员、管理员，或其上级办公室的值班员、主编。",
)
def roster_put(request, unit_id: int, day: date, payload: RosterIn):
    unit = policy.roster_units(request.auth).filter(pk=unit_id).first()
    if unit is None:
        raise Http404("单位不存在，或您不为其排班。")
    return duty.roster_set(actor=request.auth, unit=unit, day=day, **payload.model_dump())


def _desk_units(user):
    offices = list(policy.desk_offices(user))
    if not offices:
        raise PermissionDenied(DESK_ONLY)
    return offices, selectors.units_under(offices)


@emergencies.get(
    "/penalties",
    response=list[PenaltyOut],
    summary="报送失误记录",
    description="本人编辑的办公室下属单位某年的漏报、迟报、误报、不实记录，新记录在前。",
)
def penalty_list(request, filters: Query[PenaltyFilters]):
    offices, _ = _desk_units(request.auth)
    return list(selectors.penalties(offices=offices, year=filters.year))


@emergencies.post(
    "/penalties",
    response={201: PenaltyOut},
    summary="记录报送失误",
    description=f"漏报、误报、不实由本办编辑记录（迟报由系统按时限自动记录），按考核方案扣分。{IDEMPOTENT}",
)
def penalty_create(request, payload: PenaltyIn):
    _, units = _desk_units(request.auth)
    unit = units.filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": NOT_UNDER_DESK.format(id=payload.unit_id)})
    fields = payload.model_dump(exclude={"unit_id"})
    return create_once(
        request,
        lambda: penalty_record(actor=request.auth, unit=unit, **fields),
        lambda pk: Penalty.objects.select_related("unit").get(pk=pk),
    )


@emergencies.post(
    "/penalties/{penalty_id}/withdraw",
    response=PenaltyOut,
    summary="撤销报送失误记录",
    description="误记的记录撤销后不再扣分，记录保留；须填写理由。",
)
def penalty_cancel(request, penalty_id: int, payload: PenaltyCancelIn):
    _, units = _desk_units(request.auth)
    penalty = Penalty.objects.filter(pk=penalty_id, unit__in=units).first()
    if penalty is None:
        raise Http404("记录不存在，或您无权查看。")
    return penalty_withdraw(actor=request.auth, penalty=penalty, reason=payload.reason)


@duty_rosters.post(
    "/spot-checks",
    response={201: SpotCheckOut},
    summary="记录值班抽查",
    description=f"上级办公室的值班员、主编在非工作时间拨打单位值班电话的结果。{IDEMPOTENT}",
)
def spot_check(request, payload: SpotCheckIn):
    unit = _called_unit(request.auth, payload.unit_id)
    fields = payload.model_dump(exclude={"unit_id"})
    return create_once(
        request,
        lambda: duty.spot_check_record(actor=request.auth, unit=unit, **fields),
        lambda pk: SpotCheck.objects.select_related("unit").get(pk=pk),
    )
