"""通报 pages: an office's notices, one notice (a draft to issue, or the issued one with
its frozen figures, its files and what changed since), issuing and withdrawing."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.circulars import selectors, services
from govdesk.circulars.models import Circular, Kind, State
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.idempotency import idempotent, new_key
from govdesk.emergencies import notice as duty_notice
from govdesk.emergencies.selectors import duty_month
from govdesk.portal.models import Article, ArticleState
from govdesk.scoring import access, notices
from govdesk.scoring.models import Scheme, SchemeStatus
from govdesk.scoring.views import DOWNLOADS
from govdesk.units.models import Unit


def _circular(request, pk: int, *, files: bool = False) -> Circular:
    circulars = Circular.objects.select_related("office", "scheme")
    circular = get_object_or_404(circulars if files else circulars.defer("docx", "xlsx"), pk=pk)
    policy.require(request.user, "circular.view", circular)
    return circular


@login_required
def index(request):
    """The offices whose notices the user may see; straight to the one if only one."""
    offices = selectors.listable_offices(request.user)
    if len(offices) == 1:
        return redirect("circulars:office", offices[0].pk)
    if not offices:
        raise Http404
    return render(request, "circulars/index.html", {"offices": offices})


@login_required
def office_list(request, office_id: int):
    office = get_object_or_404(Unit, pk=office_id, kind="office")
    if not selectors.may_list(request.user, office):
        raise Http404
    context = {
        "office": office,
        "circulars": selectors.visible(request.user, office),
        "may_issue": selectors.may_issue(request.user, office),
    }
    return render(request, "circulars/list.html", context)


def _live(circular: Circular) -> dict:
    """A draft's content as it would be issued now."""
    period = services.period_of(circular.kind, circular.period_start.year, circular.period_number)
    if circular.is_scoring:
        if circular.scheme is None:
            return {}
        return notices.notice(circular.scheme, period).snapshot()
    checks = list(duty_month(office=circular.office, month=period.start))
    return duty_notice.duty_snapshot(
        office_names=circular.office.name, month=period.start, checks=checks
    )


def _withdraw_confirmation(circular: Circular) -> Confirmation:
    number = circular.doc_number
    # The portal's subscriber takes a published article of the notice off the site.
    on_site = Article.objects.filter(
        source_notice_id=circular.pk, state=ArticleState.PUBLISHED
    ).exists()
    return Confirmation(
        key="withdraw",
        title=f"撤回通报 {number}",
        lines=(
            f"《{circular.title}》（{number}）将撤回，不再有效；收到通报的单位仍能看到它和撤回原因。",
            *(("门户网站上据本通报发布的文章将同时撤稿，公众不再能看到。",) if on_site else ()),
            f"文号 {number} 保留、不再另用；本期间可以另行签发新的通报。",
            "撤回不能恢复，撤回原因记入变更记录。",
        ),
        action=reverse("circulars:withdraw", args=[circular.pk]),
        button="确认撤回",
        cancel=reverse("circulars:detail", args=[circular.pk]),
        reason_label="撤回原因",
        reason_required=True,
        reason_max_length=Circular._meta.get_field("withdraw_reason").max_length,
    )


def _detail(request, circular: Circular, *, errors=None, typed=None, status=200):
    draft = circular.state == State.DRAFT
    may_issue = policy.can(request.user, "circular.issue", circular)
    context = {
        "circular": circular,
        "data": _live(circular) if draft else circular.content,
        "may_issue": may_issue,
        "withdraw_confirmation": _withdraw_confirmation(circular)
        if may_issue and circular.state == State.ISSUED
        else None,
        "differences": [] if draft else selectors.differences(circular),
        "ledgers": access.ledger_links(request.user, circular.office),
        "errors": errors or {},
        "typed": typed or {},
        "request_key": new_key(),
    }
    return render(request, "circulars/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _detail(request, _circular(request, pk))


@login_required
def download(request, pk: int, fmt: str):
    """The issued files, byte for byte as frozen when the notice was issued."""
    circular = _circular(request, pk, files=True)
    if circular.state == State.DRAFT or fmt not in DOWNLOADS:
        raise Http404
    mime, ext = DOWNLOADS[fmt]
    response = HttpResponse(bytes(getattr(circular, fmt)), content_type=mime)
    filename = quote(f"{circular.doc_number}{circular.title}.{ext}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _refused(request, circular: Circular, error: ValidationError, typed: dict):
    """Re-show the notice with the message and what the user typed."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {}
    errors = {"general" if k == "__all__" else k: v for k, v in by_field.items()}
    if not by_field:
        errors["general"] = error.messages
    return _detail(request, circular, errors=errors, typed=typed, status=400)


def _issue(request, circular: Circular):
    typed = {"doc_number": request.POST.get("doc_number", "")}
    try:
        services.circular_issue(
            actor=request.user, circular_id=circular.pk, doc_number=typed["doc_number"]
        )
    except ValidationError as error:
        return _refused(request, circular, error, typed)
    messages.success(request, "通报已签发，内容和文件已固定。")
    return redirect("circulars:detail", circular.pk)


@login_required
@require_POST
@idempotent
def issue(request, pk: int):
    return _issue(request, _circular(request, pk))


@login_required
@require_POST
@idempotent
def issue_live(request, scheme_id: int):
    """签发 from the live notice page: the period's draft, issued at once."""
    scheme = get_object_or_404(Scheme.objects.select_related("office"), pk=scheme_id)
    kind = services.KIND_OF_PERIOD.get(request.POST.get("period_kind", ""))
    # Who may read the office's issued notices gets a 403 here; anyone else a 404.
    probe = Circular(office=scheme.office, kind=kind or Kind.SCORING_MONTH, state=State.ISSUED)
    policy.require(request.user, "circular.issue", probe)
    try:
        if kind is None:
            raise ValidationError("只有月度、季度和全年通报可以签发。")
        if scheme.status != SchemeStatus.IN_FORCE:
            raise ValidationError("只有执行中的考核方案可以签发通报。")
        draft = services.circular_prepare(
            actor=request.user,
            office=scheme.office,
            kind=kind,
            year=scheme.year,
            number=request.POST.get("period_number", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("scoring:notice", scheme.pk)
    # The draft stays if issuing is refused: its page shows why, with the typed 文号.
    return _issue(request, draft)


@login_required
@require_POST
@idempotent
def withdraw(request, pk: int):
    circular = _circular(request, pk)
    policy.require(request.user, "circular.issue", circular)
    if not confirmed(request):
        return confirm_page(request, _withdraw_confirmation(circular))
    typed = {"reason": request.POST.get("reason", "")}
    try:
        services.circular_withdraw(
            actor=request.user, circular_id=circular.pk, reason=typed["reason"]
        )
    except ValidationError as error:
        return _refused(request, circular, error, typed)
    messages.success(request, "通报已撤回。")
    return redirect("circulars:detail", circular.pk)
