"""Item lists: the unit's own items, the reviewer's and the editor's inboxes and the
leader's adopted items. Each exports to .xlsx from the very query it shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.export_views import xlsx_export
from govdesk.core.exports import Sheet
from govdesk.core.forms import typed_text
from govdesk.core.idempotency import idempotent, new_key
from govdesk.core.redirects import redirect_back
from govdesk.items import selectors, services
from govdesk.items.forms import AdoptForm, DeskFilterForm, ReasonForm
from govdesk.items.models import Item, State
from govdesk.items.workflow import TransitionError
from govdesk.lib import clock
from govdesk.lib.replica import reads_from_replica

EXPORT_HEADERS = [
    "编号", "标题", "报送单位", "接收单位", "类型", "时效", "状态", "执笔人", "联系电话",
    "首次报送", "最近报送", "报送次数", "采用情况", "退回原因", "不予采用原因",
]  # fmt: skip


def _sheet(queryset, filename: str) -> Sheet:
    rows = (
        [
            item.pk,
            item.title,
            item.unit.name,
            item.office.name,
            item.get_kind_display(),
            item.get_urgency_display(),
            item.get_state_display(),
            item.writer,
            item.contact_phone,
            item.submitted_at,
            item.last_submitted_at,
            item.submission_count,
            "；".join(str(a) for a in item.adoptions.all()),
            item.return_reason,
            item.reject_reason,
        ]
        for item in queryset.prefetch_related("adoptions__publication", "adoptions__column")
        .select_related("unit", "office")
        .iterator(chunk_size=500)
    )
    stamp = clock.now().strftime("%Y%m%d")
    return Sheet(f"{filename}-{stamp}.xlsx", filename, EXPORT_HEADERS, rows)


# Drafts and items awaiting a unit's sign-off never reach the desk.
DESK_STATES = [("", "待处理"), ("all", "全部状态"), *State.choices[2:]]


# Each list's query from its filters, for the page and for its export (now or in the
# worker, which calls these by name with the page's query string).


def _mine_form(user, params):
    return DeskFilterForm(params or None, units=policy.writer_units(user))


def mine_sheet(user, params) -> Sheet:
    queryset = selectors.apply_filters(
        selectors.mine(viewer=user), _mine_form(user, params).filters()
    )
    return _sheet(queryset.order_by("-updated_at", "-id"), "本单位信息")


def review_sheet(user, params) -> Sheet:
    return _sheet(selectors.review_queue(viewer=user), "待审核签发")


def _desk_form(user, params):
    units = selectors.desk_units(policy.desk_offices(user))
    return DeskFilterForm(params or None, units=units, states=DESK_STATES)


def desk_sheet(user, params) -> Sheet:
    queryset = selectors.desk_queue(viewer=user, filters=_desk_form(user, params).filters())
    return _sheet(queryset, "采编信息")


def adopted_sheet(user, params) -> Sheet:
    return _sheet(selectors.adopted_items(viewer=user), "采用信息")


def _render_list(request, queryset, *, template, title, source, extra=None):
    """The list's page, or its .xlsx; ``extra`` is the page's own context (a dict, or a
    function giving it, so that an export does not compute it)."""
    if request.GET.get("export") == "xlsx":
        # A heavy read that tolerates a second of lag; a pinned session reads the primary.
        # (A queued export is built by the worker from the primary: the request that
        # queued it may have followed its author's write too closely for the replica.)
        with reads_from_replica():
            return xlsx_export(request, source=source, rows=queryset.count())
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    extra = extra() if callable(extra) else extra
    context = {"page": page, "title": title, "query": query.urlencode(), **(extra or {})}
    return render(request, template, context)


@login_required
def mine(request):
    units = policy.writer_units(request.user)
    if not units.exists():
        raise PermissionDenied("您不是信息员，没有本单位信息列表。")
    form = _mine_form(request.user, request.GET)
    queryset = selectors.apply_filters(selectors.mine(viewer=request.user), form.filters())
    return _render_list(
        request,
        queryset.order_by("-updated_at", "-id"),
        template="items/list.html",
        title="本单位信息",
        source=mine_sheet,
        extra={"form": form, "show_unit": units.count() > 1, "empty_text": "没有符合条件的信息"},
    )


@login_required
def review(request):
    if not policy.shows_page(request.user, "page.sign"):
        raise PermissionDenied("您不是审核人。")
    return _render_list(
        request,
        selectors.review_queue(viewer=request.user),
        template="items/review.html",
        title="待审核签发",
        source=review_sheet,
        extra={"show_unit": True, "empty_text": "没有待审核的信息"},
    )


@login_required
def desk(request):
    offices = policy.desk_offices(request.user)
    if not offices.exists():
        raise PermissionDenied("您不是信息科编辑。")
    form = _desk_form(request.user, request.GET)
    queryset = selectors.desk_queue(viewer=request.user, filters=form.filters())

    def page_only():  # the waiting counters and the adoption form: not for an export
        waiting = Item.objects.filter(
            office__in=offices, state__in=(State.SUBMITTED, State.RESUBMITTED)
        ).aggregate(
            total=Count("pk"),
            resubmitted=Count("pk", filter=Q(state=State.RESUBMITTED)),
            overdue=Count("pk", filter=Q(due_at__lt=clock.now())),
            urgent=Count("pk", filter=Q(urgency__lte=2)),
        )
        office = offices.first()
        return {
            "show_unit": True,
            "bulk": True,
            "empty_text": "没有待处理的信息",
            "form": form,
            "waiting": waiting,
            "adopt_form": AdoptForm(office=office) if office else None,
            "request_key": new_key(),
        }

    return _render_list(
        request,
        queryset,
        template="items/desk.html",
        title="采编工作台",
        source=desk_sheet,
        extra=page_only,
    )


@login_required
@require_POST
@idempotent
def desk_bulk(request):
    """Apply one decision to several items; each item is still checked on its own."""
    action = request.POST.get("action")
    ids = [int(pk) for pk in request.POST.getlist("ids") if pk.isdigit()]
    queue = selectors.desk_queue(viewer=request.user, filters={"state": "all"})
    items = list(queue.filter(pk__in=ids))
    if not items:
        messages.error(request, "请先勾选要处理的信息。")
        return redirect("items:desk")
    if action == "reject" and not confirmed(request):
        return confirm_page(request, _bulk_reject_confirmation(request, items))
    try:
        reason = typed_text(ReasonForm, request.POST, "reason") if action == "reject" else ""
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return confirm_page(request, _bulk_reject_confirmation(request, items), status=400)
    done, failed = 0, []
    for item in items:
        try:
            if action == "adopt":
                form = AdoptForm(request.POST, office=item.office)
                if not form.is_valid():
                    raise TransitionError("请选择刊物栏目和采用类型。")
                services.item_adopt(
                    item_id=item.pk,
                    actor=request.user,
                    publication=form.cleaned_data["publication"],
                    column=form.cleaned_data["column"],
                    kind=form.cleaned_data["kind"],
                )
            elif action == "reject":
                services.item_transition(
                    item_id=item.pk, action="reject", actor=request.user, reason=reason
                )
            else:
                raise TransitionError("未知的批量操作。")
            done += 1
        except TransitionError as error:
            failed.append(f"《{item.title}》：{error}")
    if done:
        messages.success(request, f"已处理 {done} 条信息。")
    for failure in failed:
        messages.error(request, failure)
    return redirect_back(request, "items:desk")


def _bulk_reject_confirmation(request, items: list[Item]) -> Confirmation:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("items:desk")
    return Confirmation(
        key="bulk-reject",
        title=f"批量不予采用 {len(items)} 条信息",
        lines=(
            f"以下 {len(items)} 条信息将不予采用，办理就此结束；报送单位可看到结果和原因：",
            *(f"《{item.title}》（{item.unit.display_name}）" for item in items),
            "当年内编辑可逐条撤销不予采用。",
        ),
        action=reverse("items:desk_bulk"),
        button=f"确认不予采用这 {len(items)} 条",
        cancel=back,
        reason_label="不予采用原因（可不填，报送单位可见；各条相同）",
        hidden=(("action", "reject"), ("next", back), *(("ids", str(i.pk)) for i in items)),
    )


@login_required
def adopted(request):
    if not policy.shows_page(request.user, "page.adopted"):
        raise PermissionDenied("您不是领导账号。")
    return _render_list(
        request,
        selectors.adopted_items(viewer=request.user),
        template="items/adopted.html",
        title="采用信息",
        source=adopted_sheet,
        extra={"show_unit": True, "empty_text": "暂无采用信息"},
    )
