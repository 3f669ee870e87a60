"""值班排班 in 配置管理: a unit's duty roster for a week or a month on one page,
filled in from the previous period when asked (``duty.roster_fill``)."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from govdesk import policy
from govdesk.emergencies import duty
from govdesk.emergencies.models import DutyRoster
from govdesk.lib import clock
from govdesk.lib.text import PlainTextForm

PERIODS = {"week": "按周", "month": "按月"}
WEEKDAYS = "一二三四五六日"


class RosterDayForm(PlainTextForm, forms.Form):
    """One day of the roster: all three filled in, or none."""

    day = forms.DateField(widget=forms.HiddenInput)
    leader = forms.CharField(label="带班领导", max_length=50, required=False)
    officer = forms.CharField(label="值班员", max_length=50, required=False)
    phone = forms.CharField(label="值班电话", max_length=30, required=False)

    def clean(self):
        cleaned = super().clean()
        filled = [bool(cleaned.get(f)) for f in duty.ROSTER_FIELDS]
        if any(filled) and not all(filled):
            raise forms.ValidationError("请填写带班领导、值班员和值班电话，或整行留空。")
        return cleaned


RosterDayFormSet = forms.formset_factory(RosterDayForm, extra=0)


def _start(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        return timezone.localdate(clock.now())


def _initial(unit, days: list[date], *, period: str, copy: bool) -> list[dict]:
    """Each day's kept roster, or (``copy``) the previous period's for that day."""
    source = {day: duty.previous_day(day, period=period) if copy else day for day in days}
    kept = {
        r.day: {f: getattr(r, f) for f in duty.ROSTER_FIELDS}
        for r in DutyRoster.objects.filter(unit=unit, day__in=[d for d in source.values() if d])
    }
    return [{"day": day, **kept.get(source[day], {})} for day in days]


@login_required
def rosters(request):
    units = policy.roster_units(request.user).order_by("path")
    policy.deny_unless(units.exists())
    unit = units.filter(pk=request.GET.get("unit") or 0).first() or units.first()
    period = request.GET.get("period") if request.GET.get("period") in PERIODS else "week"
    days = duty.period_days(period=period, start=_start(request))
    copy = request.GET.get("copy") == "1"
    formset = RosterDayFormSet(
        request.POST or None, initial=_initial(unit, days, period=period, copy=copy)
    )
    here = f"{reverse('emergencies:rosters')}?unit={unit.pk}&period={period}&start={days[0]}"
    if formset.is_bound and formset.is_valid():
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("leader")]
        count = duty.roster_fill(actor=request.user, unit=unit, rows=rows)
        messages.success(request, f"已保存{count}天的值班安排。" if count else "值班表没有变化。")
        return redirect(here)
    return render(
        request,
        "emergencies/rosters.html",
        {
            "units": units,
            "unit": unit,
            "period": period,
            "periods": PERIODS,
            "rows": [(f, WEEKDAYS[f.initial["day"].weekday()]) for f in formset],
            "formset": formset,
            "days": days,
            "copy": copy,
            "here": here,
            "earlier": days[0] - timedelta(days=1),
            "later": days[-1] + timedelta(days=1),
        },
    )
