"""值班 pages: today's rosters, entering a roster, spot checks, the monthly notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from govdesk import policy
from govdesk.core.idempotency import idempotent, new_key
from govdesk.emergencies import duty, selectors
from govdesk.emergencies.forms import RosterForm, SpotCheckForm
from govdesk.emergencies.notice import duty_notice_docx, duty_notice_xlsx, duty_snapshot
from govdesk.emergencies.views import month_param
from govdesk.lib import clock


def _notice_offices(user, calls=None) -> list:
    """The offices whose monthly spot-check notice the user reads: those whose calls
    they take (``calls``, when the caller has them already), else those whose board
    they watch."""
    calls = policy.call_offices(user) if calls is None else calls
    return calls or list(policy.watched_offices(user))


@login_required
@idempotent
def duty_page(request):
    units = policy.roster_units(request.user)
    policy.deny_unless(units.exists())
    offices = policy.call_offices(request.user)
    roster_form = RosterForm(request.POST if "roster" in request.POST else None)
    roster_form.fields["unit"].queryset = units
    check_form = SpotCheckForm(request.POST if "check" in request.POST else None)
    check_form.fields["unit"].queryset = selectors.units_under(offices)
    if roster_form.is_bound and roster_form.is_valid():
        duty.roster_set(actor=request.user, **roster_form.cleaned_data)
        messages.success(request, "值班表已保存。")
        return redirect("emergencies:duty")
    if check_form.is_bound and check_form.is_valid():
        duty.spot_check_record(actor=request.user, **check_form.cleaned_data)
        messages.success(request, "抽查结果已记录。")
        return redirect("emergencies:duty")
    today = timezone.localdate(clock.now())
    return render(
        request,
        "emergencies/duty.html",
        {
            "rosters": selectors.rosters(units=units, day=today),
            "today": today,
            "roster_form": roster_form,
            "check_form": check_form if offices else None,
            "reads_notice": bool(_notice_offices(request.user, offices)),
            "request_key": new_key(),
        },
    )


@login_required
def duty_notice(request):
    """The monthly notice of spot checks: failures first, as a page or .xlsx."""
    offices = _notice_offices(request.user)
    policy.deny_unless(bool(offices))
    month = month_param(request)
    checks = [c for office in offices for c in selectors.duty_month(office=office, month=month)]
    names = "、".join(o.name for o in offices)
    if request.GET.get("export") == "xlsx":
        return duty_notice_xlsx(month=month, checks=checks)
    if request.GET.get("export") == "docx":
        return duty_notice_docx(office_names=names, month=month, checks=checks)
    data = duty_snapshot(office_names=names, month=month, checks=checks)
    return render(request, "emergencies/duty_notice.html", {"month": month, "data": data})
