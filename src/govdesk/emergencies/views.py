"""Emergency pages: the board (live), filing and following up reports, the event page
with its alerts and delivery log, phone pre-reports, penalties, timeliness, duty."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.exports import xlsx_response
from govdesk.core.forms import text_form, typed_text
from govdesk.core.idempotency import idempotent, new_key
from govdesk.core.redirects import redirect_back
from govdesk.emergencies import selectors, services
from govdesk.emergencies.forms import PenaltyForm, PhoneForm, ReportForm
from govdesk.emergencies.models import Event
from govdesk.lib import clock
from govdesk.scoring.models import Penalty
from govdesk.scoring.services import penalty_record, penalty_withdraw

# Kept in the change log only (no column): the width of the list's one-line field.
WithdrawReason = text_form("reason", "撤销理由", 200)


def month_param(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return timezone.localdate(clock.now()).replace(day=1)


@login_required
def board(request):
    offices = policy.watched_offices(request.user)
    policy.deny_unless(offices.exists())
    context = {
        "rows": selectors.board(offices=offices, user=request.user),
        "alerts": selectors.my_alerts(user=request.user),
        "now": clock.now(),
        "can_call": any(policy.can(request.user, "office.take_calls", o) for o in offices),
        "can_record": policy.desk_offices(request.user).exists(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "emergencies/_board.html", context)
    return render(request, "emergencies/board.html", context)


@login_required
@idempotent
def report_new(request):
    """File a written report: a new event, its first report after a phone call, or a
    follow-up (续报/终报) with ?event=ID."""
    units = policy.writer_units(request.user)
    event = None
    if request.GET.get("event"):
        event = get_object_or_404(Event, pk=request.GET["event"], unit__in=units)
        policy.deny_unless(event.is_open)
    elif not units.exists():
        raise PermissionDenied("您没有可报送紧急信息的单位。")
    unit = event.unit if event else units.first()
    # The writer and phone come from the profile; an event's facts from the event (a
    # phone pre-report may leave level and type open: then the writer must choose).
    initial = {"writer": request.user.full_name, "contact_phone": request.user.phone}
    if event:
        initial.update(
            {
                f: getattr(event, f)
                for f in ("occurred_at", "learned_at", "place", "category", "severity")
            }
        )
    form = ReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_file(
                actor=request.user,
                unit=unit,
                title=data["title"],
                body=data["body"],
                facts=form.facts(),
                event_id=event.pk if event else None,
                is_final=data["is_final"],
                writer=data["writer"],
                contact_phone=data["contact_phone"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, f"{report.label}已报送{report.event.office}，并已提醒值班人员。"
            )
            return redirect("emergencies:event", report.event_id)
    return render(
        request,
        "emergencies/report_form.html",
        {
            "form": form,
            "event": event,
            "label": services.next_report_label(event) if event else "首报",
            "unit": unit,
            "open_events": [] if event else selectors.open_events(units=units),
            "request_key": new_key(),
            "alerts": selectors.my_alerts(user=request.user),
        },
    )


@login_required
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("unit", "office"), pk=pk)
    policy.require(request.user, "event.view", event)
    user = request.user
    reports = list(event.reports.select_related("item__reviewer"))
    return render(
        request,
        "emergencies/event.html",
        {
            "event": event,
            "reports": reports,
            # Watchers who may not open the item (duty) read its text here, as the
            # alert they were sent gave it to them.
            "openable": {r.item_id for r in reports if policy.can(user, "item.view", r.item)},
            "event_messages": event.messages.prefetch_related("alerts__recipient"),
            "deliveries": selectors.event_deliveries(event),
            "acknowledged": selectors.acknowledgers(event),
            "to_acknowledge": selectors.my_alerts(user=user).filter(message__event=event).exists(),
            "can_call": policy.can(user, "office.take_calls", event.office),
            "can_follow_up": event.is_open
            and policy.writer_units(user).filter(pk=event.unit_id).exists(),
            "request_key": new_key(),
        },
    )


@login_required
@require_POST
def acknowledge(request, pk):
    event = get_object_or_404(Event, pk=pk)
    policy.require(request.user, "event.view", event)
    if services.alerts_acknowledge(actor=request.user, event_id=event.pk):
        messages.success(request, "已确认收到。")
    return redirect_back(request, "emergencies:board")


@login_required
@require_POST
@idempotent
def daily(request, pk):
    event = get_object_or_404(Event, pk=pk)
    policy.require(request.user, "event.view", event)
    services.event_set_daily(
        actor=request.user, event_id=event.pk, daily=request.POST.get("daily") == "1"
    )
    return redirect("emergencies:event", event.pk)


@login_required
@idempotent
def phone_new(request):
    offices = policy.call_offices(request.user)
    policy.deny_unless(bool(offices))
    called_at = timezone.localtime(clock.now()).replace(second=0, microsecond=0)
    form = PhoneForm(
        request.POST or None,
        units=selectors.units_under(offices),
        initial={"called_at": called_at},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = services.event_open_by_phone(
            actor=request.user,
            unit=data["unit"],
            title=data["title"],
            caller=data["caller"],
            called_at=data["called_at"],
            summary=data["summary"],
            facts={
                f: data[f] for f in ("occurred_at", "learned_at", "place", "category", "severity")
            },
        )
        messages.success(request, "电话报告已记录，书面报告时限已开始计算。")
        return redirect("emergencies:event", event.pk)
    return render(request, "emergencies/phone_form.html", {"form": form, "request_key": new_key()})


@login_required
@idempotent
def penalty_new(request):
    """漏报、误报、不实: recorded by the office's editors (迟报 is automatic)."""
    offices = list(policy.desk_offices(request.user))
    policy.deny_unless(bool(offices))
    form = PenaltyForm(request.POST or None, units=selectors.units_under(offices))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        penalty = penalty_record(actor=request.user, **data)
        messages.success(request, f"已记录{penalty.unit}{penalty.get_kind_display()}。")
        return redirect("emergencies:penalties")
    return render(
        request, "emergencies/penalty_form.html", {"form": form, "request_key": new_key()}
    )


@login_required
@idempotent
def penalties(request):
    """The year's 报送失误 of the office's units (迟报 recorded by the system, the rest by
    hand), each with its scoring deduction; a record made in error is withdrawn here."""
    offices = list(policy.desk_offices(request.user))
    policy.deny_unless(bool(offices))
    if request.method == "POST":
        penalty = get_object_or_404(
            Penalty, pk=request.POST.get("penalty"), unit__in=selectors.units_under(offices)
        )
        reason = request.POST.get("reason", "")
        try:
            penalty_withdraw(
                actor=request.user,
                penalty=penalty,
                reason=typed_text(WithdrawReason, request.POST, "reason"),
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            typed = {"penalty": penalty.pk, "reason": reason}
            return _penalties_page(request, offices, penalty.occurred_on.year, typed)
        messages.success(request, f"已撤销{penalty.unit}{penalty.get_kind_display()}记录。")
        return redirect(f"{request.path}?year={penalty.occurred_on.year}")
    return _penalties_page(request, offices, _year_param(request))


def _penalties_page(request, offices, year: int, typed=None):
    """The year's list; after a refused withdrawal, with its reason as typed."""
    return render(
        request,
        "emergencies/penalties.html",
        {
            "rows": selectors.penalties(offices=offices, year=year),
            "year": year,
            "typed": typed or {},
            "request_key": new_key(),
        },
        status=400 if typed else 200,
    )


def _year_param(request) -> int:
    today = timezone.localdate(clock.now())
    try:
        return min(max(int(request.GET.get("year", "")), 2000), today.year)
    except ValueError:
        return today.year


@login_required
def timeliness(request):
    offices = policy.watched_offices(request.user)
    policy.deny_unless(offices.exists())
    month = month_param(request)
    rows = selectors.timeliness(offices=offices, month=month)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"紧急信息报送及时性-{month:%Y-%m}.xlsx",
            "报送及时性",
            ["单位", "首报数", "时限内", "事发至报送中位数（分钟）", "接报30分钟内占比"],
            [
                (r.unit, r.reports, r.within_limit, r.median_minutes, r.within_30_of_learning)
                for r in rows
            ],
        )
    return render(request, "emergencies/timeliness.html", {"rows": rows, "month": month})
