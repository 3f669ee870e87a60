"""Annotation entry, the supervision list and a task's page with feedback."""

import subprocess
from datetime import datetime, time
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.annotations import selectors, services
from govdesk.annotations.document import TITLE, supervision_docx
from govdesk.annotations.forms import AnnotationForm, CalendarDaysForm, FeedbackForm
from govdesk.annotations.models import Feedback, SupervisionTask
from govdesk.core import calendar as holidays
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.idempotency import idempotent, new_key
from govdesk.core.models import CalendarDay
from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.lib.officialdoc import docx_to_pdf
from govdesk.units.models import Unit


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@idempotent
def annotation_new(request, item_pk):
    item = get_object_or_404(Item.objects.select_related("unit", "office"), pk=item_pk)
    policy.require(request.user, "item.view", item)
    on_behalf_allowed = policy.can(request.user, "item.annotate_on_behalf", item)
    if policy.leader_level(request.user, item) is None and not on_behalf_allowed:
        raise PermissionDenied("您不能批示这条信息。")
    units = Unit.objects.filter(path__startswith=item.office.path, is_active=True).exclude(
        pk=item.office_id
    )
    form = AnnotationForm(
        request.POST or None,
        units=units,
        on_behalf_allowed=on_behalf_allowed,
        initial={"units": [item.origin.unit_id], "on_behalf": on_behalf_allowed},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        on_behalf = bool(data.get("on_behalf"))
        day = data.get("annotated_on")
        try:
            services.annotation_create(
                actor=request.user,
                item_id=item.pk,
                text=data["text"],
                requires_action=data["requires_action"],
                unit_ids=[u.pk for u in data["units"]],
                workdays=data["workdays"],
                on_behalf=on_behalf,
                leader_name=data.get("leader_name", ""),
                leader_level=data.get("leader_level"),
                annotated_at=timezone.make_aware(datetime.combine(day, time(9))) if day else None,
                evidence=data.get("evidence", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "批示已录入。")
            issue = request.GET.get("issue", "")
            if issue.isdigit():
                return redirect("bulletins:detail", pk=int(issue))
            return redirect("items:detail", pk=item.pk)
    return render(
        request,
        "annotations/annotation_form.html",
        {"form": form, "item": item, "request_key": new_key()},
    )


@login_required
def task_list(request):
    status = request.GET.get("status", "open")
    tasks = selectors.task_list(viewer=request.user, status=status)
    return render(
        request,
        "annotations/task_list.html",
        {"tasks": tasks, "status": status, "counts": selectors.task_counts(viewer=request.user)},
    )


def _task(request, pk) -> SupervisionTask:
    task = get_object_or_404(
        SupervisionTask.objects.select_related("annotation__item", "unit", "office"), pk=pk
    )
    policy.require(request.user, "task.view", task)
    return task


@login_required
@idempotent
def task_detail(request, pk):
    task = _task(request, pk)
    can_feedback = policy.can(request.user, "task.feedback", task)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        policy.require(request.user, "task.feedback", task)
        if form.is_valid():
            try:
                services.feedback_add(
                    actor=request.user,
                    task_id=task.pk,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data.get("file"),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "已反馈落实情况。")
                return redirect("annotations:task", pk=task.pk)
    return render(
        request,
        "annotations/task_detail.html",
        {
            "task": task,
            "feedback": task.feedback.select_related("author"),
            "form": form if can_feedback else None,
            "can_close": policy.can(request.user, "task.close", task),
            "can_urge": policy.can(request.user, "task.urge", task),
            "confirmation": _urge_confirmation(task),
            "request_key": new_key(),
        },
    )


def _task_action(request, pk, service, done: str):
    """A button on the task page: run ``service``, say what came of it, go back."""
    task = _task(request, pk)
    try:
        service(actor=request.user, task_id=task.pk)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done.format(unit=task.unit))
    return redirect("annotations:task", pk=task.pk)


@require_POST
@login_required
def task_close(request, pk):
    return _task_action(request, pk, services.task_close, "已办结。")


def _urge_confirmation(task: SupervisionTask) -> Confirmation:
    return Confirmation(
        key="urge",
        title=f"催办{task.unit}",
        lines=(
            f"将立即提醒{task.unit}的信息员和审核人尽快反馈批示落实情况：站内消息，"
            "并按各人设置发送邮件。",
            f"{settings.GOVDESK_URGE_INTERVAL_MINUTES}分钟内不能重复催办；催办记入操作日志。",
        ),
        action=reverse("annotations:task_urge", args=[task.pk]),
        button="确认催办",
        cancel=reverse("annotations:task", args=[task.pk]),
        style="primary",
    )


@require_POST
@login_required
def task_urge(request, pk):
    if not confirmed(request):
        task = _task(request, pk)
        policy.require(request.user, "task.urge", task)
        return confirm_page(request, _urge_confirmation(task))
    return _task_action(request, pk, services.task_urge, "已催办，已提醒{unit}。")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def task_sheet(request, pk):
    """The printed 督办单: .docx, or ?format=pdf; ?number= the 督办文号 if any."""
    task = _task(request, pk)
    number = request.GET.get("number", "").strip()[:50]
    content, mime, ext = supervision_docx(task, doc_number=number), DOCX, "docx"
    if request.GET.get("format") == "pdf":
        try:
            content, mime, ext = docx_to_pdf(content), "application/pdf", "pdf"
        except (OSError, subprocess.SubprocessError):
            messages.error(
                request, "PDF 转换失败（未安装 LibreOffice 或转换超时），请下载 Word 版。"
            )
            return redirect("annotations:task", pk=task.pk)
    response = HttpResponse(content, content_type=mime)
    name = f"{TITLE}-{task.unit.name}-{task.pk}.{ext}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def feedback_file(request, pk):
    feedback = get_object_or_404(Feedback.objects.select_related("task"), pk=pk)
    policy.require(request.user, "task.view", feedback.task)
    if not feedback.file:
        raise PermissionDenied
    return FileResponse(
        feedback.file.open("rb"), as_attachment=True, filename=feedback.original_name
    )


@login_required
def calendar(request):
    """节假日安排: the holidays and adjusted working days the deadlines count with."""
    policy.deny_unless(policy.can(request.user, "calendar.manage", None))
    form = CalendarDaysForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            days = holidays.calendar_days_set(
                actor=request.user,
                start=data["start"],
                end=data["end"] or data["start"],
                is_workday=data["is_workday"],
                note=data["note"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"已登记{len(days)}天。")
            return redirect(f"{reverse('annotations:calendar')}?year={days[0].day.year}")
    year = _year(request)
    days = CalendarDay.objects.filter(day__year=year)
    return render(
        request,
        "annotations/calendar.html",
        {"form": form, "days": days, "year": year, "years": range(year - 2, year + 3)},
    )


@login_required
@require_POST
def calendar_delete(request, pk):
    entry = get_object_or_404(CalendarDay, pk=pk)
    holidays.calendar_day_delete(actor=request.user, entry=entry)
    messages.success(request, f"已删除{entry.day:%Y年%m月%d日}的安排。")
    return redirect(f"{reverse('annotations:calendar')}?year={entry.day.year}")


def _year(request) -> int:
    this_year = timezone.localdate(clock.now()).year
    try:
        return int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
