"""考核方案与目标 in 配置管理: an office's schemes, their settings and their targets,
written through the same services as the API (``scoring.services``), so the checks,
the change log and the rebuild of the ledger are the same whichever way they come."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.scoring import services
from govdesk.scoring.config_forms import (
    RulePointsForm,
    SchemeSettingsForm,
    TargetFormSet,
    points_text,
)
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


@login_required
def scheme_rules(request, scheme_id: int):
    """计分规则: the scheme's rules as a table (kind, conditions, points, the clause of
    the document each encodes); the points are changed after a confirmation that
    names each change, and a scheme in force is rebuilt once for all of them."""
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    policy.require(request.user, "scheme.manage", scheme)
    form = RulePointsForm(request.POST or None, rules=scheme.rules.all())
    in_force = scheme.status == SchemeStatus.IN_FORCE
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, "分值没有改动。")
            return redirect("scoring:scheme_rules", scheme.pk)
        if not confirmed(request):
            return confirm_page(request, _rules_confirmation(scheme, changes, in_force))
        try:
            services.rules_set_points(
                actor=request.user,
                scheme=scheme,
                points={rule.pk: new for rule, _, new in changes},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = f"已修改{len(changes)}条规则的分值"
            messages.success(request, f"{done}，本年度分数已重算。" if in_force else f"{done}。")
            return redirect("scoring:scheme_rules", scheme.pk)
    # The seed presets name their file first (seeds/001_….txt, the project's record of
    # where they came from); the office knows the document by its title.
    source = " ".join(w for w in scheme.source.split() if "/" not in w) or scheme.source
    return render(
        request,
        "scoring/config/rules.html",
        {"scheme": scheme, "form": form, "in_force": in_force, "source": source},
    )


def _rules_confirmation(scheme: Scheme, changes, in_force: bool) -> Confirmation:
    lines = [
        f"“{rule.label}”：{points_text(old)}分 → {points_text(new)}分" for rule, old, new in changes
    ]
    lines.append(
        f"改动会重算{scheme.year}年度分数：各单位的计分明细、排名和通报按新分值重新计算。"
        if in_force
        else "方案为草稿，开始执行时按新分值计分。"
    )
    url = reverse("scoring:scheme_rules", args=[scheme.pk])
    return Confirmation(
        key="rules",
        title=f"修改{len(changes)}条规则的分值",
        lines=tuple(lines),
        action=url,
        button="确认修改并重算" if in_force else "确认修改",
        cancel=url,
        style="primary",
        hidden=tuple((f"points-{rule.pk}", str(new)) for rule, _, new in changes)
        + tuple(
            (f"points-{rule.pk}", str(rule.points))
            for rule in scheme.rules.exclude(pk__in=[r.pk for r, _, _ in changes])
        ),
    )
