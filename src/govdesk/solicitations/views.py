"""Solicitation and key point pages. Writes go through ``services``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.idempotency import idempotent, new_key
from govdesk.items.models import Item
from govdesk.solicitations import selectors, services
from govdesk.solicitations.forms import KeyPointForm, SolicitationForm
from govdesk.solicitations.models import Solicitation
from govdesk.units.models import Unit


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _desk_office(user):
    office = policy.desk_offices(user).first()
    if office is None:
        raise PermissionDenied("只有办公室编辑可以进行此操作。")
    return office


@login_required
def solicitation_list(request):
    return render(
        request,
        "solicitations/list.html",
        {
            "solicitations": policy.visible_solicitations(request.user)[:100],
            "is_desk": policy.desk_offices(request.user).exists(),
        },
    )


@login_required
@idempotent
def solicitation_new(request):
    office = _desk_office(request.user)
    units = Unit.objects.filter(path__startswith=office.path, is_active=True).exclude(pk=office.pk)
    form = SolicitationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            solicitation = services.solicitation_create(
                actor=request.user,
                office=office,
                topic=data["topic"],
                requirements=data["requirements"],
                deadline=data["deadline"],
                unit_ids=[u.pk for u in data["units"]],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "约稿已发出。")
            return redirect("solicitations:detail", pk=solicitation.pk)
    return render(
        request,
        "solicitations/form.html",
        {"form": form, "title": "发起约稿", "request_key": new_key()},
    )


@login_required
@idempotent
def solicitation_detail(request, pk):
    solicitation = get_object_or_404(Solicitation.objects.select_related("office"), pk=pk)
    policy.require(request.user, "solicitation.view", solicitation)
    answer_units = policy.solicitation_answer_units(request.user, solicitation)
    if request.method == "POST":
        item_id = request.POST.get("item", "")
        try:
            services.solicitation_answer(
                actor=request.user,
                solicitation_id=solicitation.pk,
                item_id=int(item_id) if item_id.isdigit() else 0,
            )
        except (ValidationError, Item.DoesNotExist) as error:
            text = (
                "；".join(error.messages) if isinstance(error, ValidationError) else "请选择信息。"
            )
            messages.error(request, text)
        else:
            messages.success(request, "已关联约稿。")
            return redirect("solicitations:detail", pk=solicitation.pk)
    manage = policy.can(request.user, "office.desk", solicitation.office)
    return render(
        request,
        "solicitations/detail.html",
        {
            "solicitation": solicitation,
            "table": selectors.response_table(solicitation) if manage else None,
            "mine": solicitation.responses.filter(unit__in=answer_units).select_related("item"),
            "candidates": policy.visible_items(request.user)
            .filter(unit__in=answer_units, office=solicitation.office, submission_count__gt=0)
            .order_by("-last_submitted_at")[:50],
            "request_key": new_key(),
            "confirmation": _urge_confirmation(solicitation) if manage else None,
        },
    )


def _urge_confirmation(solicitation: Solicitation) -> Confirmation:
    waiting = services.waiting_units(solicitation)
    return Confirmation(
        key="urge",
        title=f"催办约稿：{solicitation.topic}",
        lines=(
            f"将立即提醒尚未回应的{len(waiting)}个单位（{'、'.join(u.name for u in waiting)}）"
            "的信息员和审核人：站内消息，并按各人设置发送邮件。",
            f"{settings.GOVDESK_URGE_INTERVAL_MINUTES}分钟内不能重复催办；催办记入操作日志。",
        ),
        action=reverse("solicitations:urge", args=[solicitation.pk]),
        button="确认催办",
        cancel=reverse("solicitations:detail", args=[solicitation.pk]),
        style="primary",
    )


@require_POST
@login_required
@idempotent
def solicitation_urge(request, pk):
    solicitation = get_object_or_404(Solicitation, pk=pk)
    policy.require(request.user, "office.desk", solicitation.office)
    if not confirmed(request):
        return confirm_page(request, _urge_confirmation(solicitation))
    try:
        waiting = services.solicitation_urge(actor=request.user, solicitation_id=pk)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已催办，已提醒{'、'.join(u.name for u in waiting)}。")
    return redirect("solicitations:detail", pk=pk)


@login_required
@idempotent
def key_points(request):
    offices = policy.desk_offices(request.user)
    form = KeyPointForm(request.POST or None) if offices.exists() else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有办公室编辑可以发布报送要点。")
        if form.is_valid():
            try:
                services.key_point_create(
                    actor=request.user, office=offices.first(), **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "报送要点已发布。")
                return redirect("solicitations:key_points")
    points = policy.visible_key_points(request.user)
    return render(
        request,
        "solicitations/key_points.html",
        {
            "form": form,
            "rows": selectors.key_point_counts(points.filter(office__in=offices)),
            "points": points,
            "request_key": new_key(),
        },
    )


@require_POST
@login_required
def item_tag(request, item_pk):
    item = get_object_or_404(Item.objects.select_related("unit", "office"), pk=item_pk)
    ids = [int(v) for v in request.POST.getlist("key_points") if v.isdigit()]
    try:
        services.item_tag_key_points(actor=request.user, item_id=item.pk, key_point_ids=ids)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已标注报送要点。")
    return redirect("items:detail", pk=item.pk)
