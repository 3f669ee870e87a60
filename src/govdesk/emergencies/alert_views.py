"""紧急信息提醒 in 配置管理: an office's alert settings, its group robots and push
addresses, and a test send through them (``emergencies.alerting``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.emergencies import alerting
from govdesk.emergencies.alert_forms import AlertSettingsForm, WebhookForm
from govdesk.emergencies.services import office_settings, watchers
from govdesk.notifications.models import Webhook
from govdesk.units.models import Unit


@login_required
def alert_settings(request):
    """The offices whose alerts the user configures; straight to the one if only one."""
    offices = list(policy.configured_offices(request.user))
    policy.deny_unless(bool(offices))
    if len(offices) == 1:
        return redirect("emergencies:alert_office", offices[0].pk)
    return render(request, "emergencies/alerts/offices.html", {"offices": offices})


def _office(request, office_id: int) -> Unit:
    office = get_object_or_404(Unit, pk=office_id, kind="office")
    policy.require(request.user, "office.configure", office)
    return office


@login_required
def alert_office(request, office_id: int):
    office = _office(request, office_id)
    chosen = office_settings(office)
    posted = request.POST.get("form")
    initial = {
        "leaders": chosen.leaders.all(),
        "duty_officers": chosen.duty_officers.all(),
        **{name: getattr(chosen, name) for name in alerting.SETTING_FIELDS},
    }
    form = AlertSettingsForm(
        request.POST if posted == "settings" else None, office=office, initial=initial
    )
    hook_form = WebhookForm(request.POST if posted == "webhook" else None)
    try:
        if form.is_bound and form.is_valid():
            alerting.alert_settings_update(actor=request.user, office=office, **form.cleaned_data)
            messages.success(request, "提醒设置已保存。")
            return redirect("emergencies:alert_office", office.pk)
        if hook_form.is_bound and hook_form.is_valid():
            alerting.webhook_save(actor=request.user, office=office, **hook_form.cleaned_data)
            messages.success(request, "推送通道已保存。")
            return redirect("emergencies:alert_office", office.pk)
    except ValidationError as error:
        (form if form.is_bound else hook_form).add_error(None, error)
    return render(
        request,
        "emergencies/alerts/office.html",
        {
            "office": office,
            "form": form,
            "hook_form": hook_form,
            "webhooks": office.webhooks.order_by("name"),
            "alerted": watchers(office),
        },
    )


@login_required
@require_POST
def webhook_delete(request, office_id: int, pk: int):
    office = _office(request, office_id)
    hook = get_object_or_404(Webhook, pk=pk, office=office)
    alerting.webhook_delete(actor=request.user, webhook=hook)
    messages.success(request, f"已删除推送通道“{hook}”。")
    return redirect("emergencies:alert_office", office.pk)


@login_required
@require_POST
def channel_test(request, office_id: int):
    """Send a test now, through one robot (``webhook``) or by e-mail to those alerted."""
    office = _office(request, office_id)
    hook = None
    if request.POST.get("webhook"):
        hook = get_object_or_404(Webhook, pk=request.POST["webhook"], office=office)
    for label, outcome in alerting.channel_test(actor=request.user, office=office, webhook=hook):
        level = messages.success if outcome in alerting.DELIVERED else messages.error
        level(request, f"测试发送至{label}：{outcome}")
    return redirect("emergencies:alert_office", office.pk)
