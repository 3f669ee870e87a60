"""考核方案与目标 in 配置管理: an office's schemes, their settings and their targets,
written through the same services as the API (``scoring.services``), so the checks,
the change log and the rebuild of the ledger are the same whichever way they come."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.scoring import services
from govdesk.scoring.config_forms import SchemeSettingsForm, TargetFormSet
from govdesk.scoring.models import Scheme, SchemeStatus


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        if field == "quarter_shares":
            field = "q1"
        elif field == "mandatory_publications":
            field = "publications"
        form.add_error(field if field in form.fields else None, errors)


@login_required
def scheme_list(request):
    offices = policy.configured_offices(request.user)
    policy.deny_unless(offices.exists())
    schemes = Scheme.objects.filter(office__in=offices).select_related("office")
    return render(request, "scoring/config/schemes.html", {"schemes": schemes})


def _save_targets(actor, scheme: Scheme, formset) -> int:
    """Apply the rows that changed; returns how many did."""
    targets = {t.pk: t for t in scheme.targets.all()}
    count = 0
    for form in formset:
        if not form.has_changed():
            continue
        data = form.cleaned_data
        target = targets.get(data.get("id"))
        fields = {name: data[name] for name in services.TARGET_FIELDS}
        try:
            if target is not None and data.get("DELETE"):
                services.target_delete(actor=actor, target=target)
            elif target is not None:
                services.target_update(actor=actor, target=target, **fields)
            elif not data.get("DELETE"):
                services.target_add(actor=actor, scheme=scheme, **fields)
            else:
                continue
        except ValidationError as error:
            _add_errors(form, error)
            raise
        count += 1
    return count


@login_required
def scheme_settings(request, scheme_id: int):
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    policy.require(request.user, "scheme.manage", scheme)
    data = request.POST or None
    form = SchemeSettingsForm(data, scheme=scheme)
    initial = [
        {"id": t.pk, **{name: getattr(t, name) for name in services.TARGET_FIELDS}}
        for t in scheme.targets.all()
    ]
    targets = TargetFormSet(data, initial=initial, prefix="targets")
    if data is not None and form.is_valid() and targets.is_valid():
        try:
            with transaction.atomic():
                changes = form.changes()
                if changes:
                    services.scheme_update(actor=request.user, scheme=scheme, **changes)
                count = _save_targets(request.user, scheme, targets)
        except ValidationError as error:
            if not targets.total_error_count():
                _add_errors(form, error)
        else:
            if changes or count:
                messages.success(request, f"已保存“{scheme}”的设置，计分已按新设置重算。")
            else:
                messages.info(request, "没有修改。")
            return redirect("scoring:scheme_settings", scheme.pk)
    return render(
        request,
        "scoring/config/settings.html",
        {"scheme": scheme, "form": form, "targets": targets, "in_force": SchemeStatus.IN_FORCE},
    )


@login_required
@require_POST
def scheme_status(request, scheme_id: int):
    """Put a scheme in force or back to draft."""
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    policy.require(request.user, "scheme.manage", scheme)
    try:
        scheme = services.scheme_set_status(
            actor=request.user, scheme=scheme, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"“{scheme}”已改为{scheme.get_status_display()}。")
    return redirect("scoring:scheme_settings", scheme.pk)
