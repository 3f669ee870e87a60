"""Issue pages: the list (the leader's reading view), assembly, signing and release,
reading with receipts, printing. Every write goes through ``issues``."""

import subprocess
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdesk import policy
from govdesk.accounts.models import Role
from govdesk.bulletins import selectors
from govdesk.bulletins import services as issues
from govdesk.bulletins.document import issue_docx
from govdesk.bulletins.forms import PickFilterForm
from govdesk.bulletins.models import Issue, IssueCounter, IssueEntry, IssueState
from govdesk.core.confirm import Confirmation, confirm_page, confirmed
from govdesk.core.forms import text_form, typed_text
from govdesk.core.idempotency import idempotent, new_key
from govdesk.lib import clock
from govdesk.lib.officialdoc import docx_to_pdf
from govdesk.publications import selectors as catalogue
from govdesk.publications.forms import DistributionForm

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VoidReason = text_form("reason", "作废原因", Issue._meta.get_field("void_reason").max_length)


def _issue(request, pk, permission="issue.view") -> Issue:
    issue = get_object_or_404(Issue.objects.select_related("publication__office"), pk=pk)
    policy.require(request.user, permission, issue)
    return issue


def _back(issue: Issue):
    return redirect("bulletins:detail", pk=issue.pk)


def _run(request, issue: Issue, service, success: str, **kwargs):
    """Call a service, turning refusals into a message on the issue page."""
    try:
        service(actor=request.user, **kwargs)
    except issues.IssueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _back(issue)


def _next_number(issue: Issue, year: int) -> int:
    """The number release would give now (the counter is taken for real at release)."""
    counter = IssueCounter.objects.filter(
        publication=issue.publication, year=year, supplement=issue.supplement
    ).first()
    return (counter.last if counter else 0) + 1


def _sign_confirmation(issue: Issue, user) -> Confirmation:
    entries = issue.entries.count()
    return Confirmation(
        key="sign",
        title=f"签发{issue.publication}",
        lines=(
            f"签发后本期（{entries}篇文章）定稿，不能再编入、修改、调整或移出文章。",
            f"签发人记为{user.full_name or user}，签发时间记入办理记录。",
            "签发后还须印发，本期才取得期号并发送给报送、抄送对象。",
        ),
        action=reverse("bulletins:sign", args=[issue.pk]),
        button="确认签发",
        cancel=reverse("bulletins:detail", args=[issue.pk]),
        style="primary",
    )


def _release_confirmation(issue: Issue) -> Confirmation:
    year = timezone.localdate(clock.now()).year
    kind = "增刊" if issue.supplement else ""
    recipients = issue.recipients.all()
    leaders = sum(1 for r in recipients if r.user_id)
    units = sum(1 for r in recipients if r.unit_id)
    return Confirmation(
        key="release",
        title=f"印发{issue.publication}",
        lines=(
            f"本期将编为{issue.publication}{year}年{kind}第{_next_number(issue, year)}期，"
            "印发日期为今天，期号一经印发不再更改。",
            f"本期将发送给{leaders}位领导、{units}个单位（报送、抄送），他们随即可以阅读。",
            "印发后不能撤回，只能作废；作废的期号保留不再使用。",
        ),
        action=reverse("bulletins:release", args=[issue.pk]),
        button="确认印发",
        cancel=reverse("bulletins:detail", args=[issue.pk]),
        style="primary",
    )


@login_required
def issue_list(request):
    return _list_page(request)


def _list_page(request, *, typed: dict | None = None, status: int = 200):
    """The list; after a refused 新编一期, with its form as filled in (``typed``:
    ``publication``, ``supplement``, ``title``)."""
    q = request.GET.get("q", "").strip()
    publications = catalogue.desk_publications(request.user)
    return render(
        request,
        "bulletins/issue_list.html",
        {
            "issues": selectors.issue_list(
                viewer=request.user, q=q, released_only=not publications.exists()
            )[:100],
            "q": q,
            "publications": publications,
            "configurable": policy.configurable_publications(request.user).filter(is_active=True),
            "request_key": new_key(),
            "typed": typed,
            "title_max": Issue._meta.get_field("title").max_length,
        },
        status=status,
    )


@require_POST
@login_required
@idempotent
def issue_create(request):
    publication = get_object_or_404(
        catalogue.desk_publications(request.user), pk=request.POST.get("publication")
    )
    supplement = bool(request.POST.get("supplement"))
    title = request.POST.get("title", "")
    try:
        issue = issues.issue_create(
            actor=request.user, publication=publication, supplement=supplement, title=title
        )
    except issues.IssueError as error:
        messages.error(request, str(error))
        typed = {"publication": publication.pk, "supplement": supplement, "title": title}
        return _list_page(request, typed=typed, status=400)
    return _back(issue)


PICK_PAGE_SIZE = 10


def _pick_context(request, issue: Issue) -> dict:
    """The pick list (编入信息) as the filters in the query string ask, one page of it."""
    publication = issue.publication
    form = PickFilterForm(
        request.GET or None,
        columns=publication.columns.filter(is_active=True),
        units=selectors.pick_units(issue),
    )
    items = selectors.pick_list(issue, **form.filters())
    page = Paginator(items, PICK_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {"issue": issue, "pick_form": form, "pick_page": page, "pick_query": query.urlencode()}


@login_required
def issue_detail(request, pk):
    return _detail_page(request, _issue(request, pk))


def _detail_page(request, issue: Issue, *, typed: dict | None = None, status: int = 200):
    """The issue page; after a refused 编入, with the ticked items and the text as typed
    (``typed``: ``items``, ``editor_note``, ``title``, ``body``)."""
    user = request.user
    if issues.issue_mark_read(issue=issue, user=user):
        issue.refresh_from_db()
    desk = policy.can(user, "issue.edit", issue)
    editable = issue.state == IssueState.DRAFT and desk
    leader = Role.LEADER in policy.roles(user).all_roles()
    context = {
        "issue": issue,
        "entries": issue.entries.order_by("position", "id").prefetch_related("items__unit"),
        "editable": editable,
        "desk": desk,
        "can_sign": policy.can(user, "issue.sign", issue),
        "can_annotate": issue.is_released and (desk or leader),
        "request_key": new_key(),
        "typed": typed,
    }
    if editable:
        context.update(_pick_context(request, issue))
        context["can_configure"] = policy.can(user, "publication.configure", issue.publication)
        chosen = issue.recipients.all()
        initial = {
            "send_users": [r.user_id for r in chosen if r.user_id],
            "send_units": [r.unit_id for r in chosen if r.unit_id and r.kind == "send"],
            "copy_units": [r.unit_id for r in chosen if r.unit_id and r.kind == "copy"],
        }
        context["distribution"] = DistributionForm(initial=initial, office=issue.publication.office)
    if desk and issue.state == IssueState.RELEASED:
        context["receipts"] = selectors.read_receipts(issue)
    if context["can_sign"] and issue.state == IssueState.DRAFT:
        context["confirmation"] = _sign_confirmation(issue, user)
    elif context["can_sign"] and issue.state == IssueState.SIGNED:
        context["confirmation"] = _release_confirmation(issue)
    return render(request, "bulletins/issue_detail.html", context, status=status)


@login_required
def pick_list(request, pk):
    """htmx: the pick list re-read with new filters or another page (the same filters
    submitted without JavaScript reload the whole issue page)."""
    issue = _issue(request, pk, "issue.edit")
    if issue.state != IssueState.DRAFT:
        return _back(issue)
    return render(request, "bulletins/_pick_list.html", _pick_context(request, issue))


def _ids(request, name) -> list[int]:
    return [int(v) for v in request.POST.getlist(name) if v.isdigit()]


@require_POST
@login_required
@idempotent
def entry_add(request, pk):
    issue = _issue(request, pk, "issue.edit")
    # A row's own button (编入) adds that item alone; the main button the ticked ones.
    item_ids = _ids(request, "item") or _ids(request, "items")
    text = {name: request.POST.get(name, "") for name in ("editor_note", "title", "body")}
    try:
        issues.entry_add(actor=request.user, issue_id=issue.pk, item_ids=item_ids, **text)
    except issues.IssueError as error:
        # The page again, not a redirect: a 合编稿's text is kept to correct and resend.
        messages.error(request, str(error))
        typed = {**text, "items": _ids(request, "items")}
        return _detail_page(request, issue, typed=typed, status=400)
    messages.success(request, "已编入本期。")
    return _back(issue)


def _entry(request, pk) -> IssueEntry:
    entry = get_object_or_404(IssueEntry, pk=pk)
    policy.require(request.user, "issue.edit", entry.issue)
    return entry


@login_required
@idempotent
def entry_edit(request, pk):
    entry = _entry(request, pk)
    if request.method == "POST":
        try:
            issues.entry_update(
                actor=request.user,
                entry_id=entry.pk,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                editor_note=request.POST.get("editor_note", ""),
            )
        except issues.IssueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "已保存本期文章。")
            return _back(entry.issue)
    names = ("title", "body", "editor_note")
    if request.method == "POST":  # refused: the text as typed, not the stored one
        text = {name: request.POST.get(name, "") for name in names}
    else:
        text = {name: getattr(entry, name) for name in names}
    return render(
        request,
        "bulletins/entry_edit.html",
        {"entry": entry, "text": text, "request_key": new_key()},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def entry_move(request, pk, offset):
    entry = _entry(request, pk)
    step = -1 if offset == "up" else 1
    return _run(request, entry.issue, issues.entry_move, "已调整顺序。", entry_id=pk, offset=step)


@require_POST
@login_required
def entry_remove(request, pk):
    entry = _entry(request, pk)
    return _run(request, entry.issue, issues.entry_remove, "已移出本期。", entry_id=pk)


@require_POST
@login_required
@idempotent
def recipients_set(request, pk):
    issue = _issue(request, pk, "issue.edit")
    form = DistributionForm(request.POST, office=issue.publication.office)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, "；".join(error))
        return _back(issue)
    return _run(
        request,
        issue,
        issues.issue_set_recipients,
        "已保存报送、抄送范围。",
        issue_id=issue.pk,
        **form.cleaned_data,
    )


@require_POST
@login_required
@idempotent
def issue_sign(request, pk):
    issue = _issue(request, pk, "issue.sign")
    if not confirmed(request):
        return confirm_page(request, _sign_confirmation(issue, request.user))
    return _run(request, issue, issues.issue_sign, "已签发。", issue_id=issue.pk)


@require_POST
@login_required
@idempotent
def issue_release(request, pk):
    issue = _issue(request, pk, "issue.sign")
    if not confirmed(request):
        return confirm_page(request, _release_confirmation(issue))
    return _run(request, issue, issues.issue_release, "已印发。", issue_id=issue.pk)


@require_POST
@login_required
@idempotent
def issue_void(request, pk):
    issue = _issue(request, pk, "issue.sign")
    try:
        reason = typed_text(VoidReason, request.POST, "reason")
    except ValidationError as error:
        # The issue page's dialog cannot be opened again without script: the step is
        # shown as a page of its own, with the reason as typed.
        messages.error(request, "；".join(error.messages))
        return confirm_page(request, _void_confirmation(issue), status=400)
    return _run(request, issue, issues.issue_void, "已作废。", issue_id=issue.pk, reason=reason)


def _void_confirmation(issue: Issue) -> Confirmation:
    return Confirmation(
        key="void",
        title=f"作废{issue.publication}{issue.number_label}",
        lines=("期号不再使用，作废原因会说明期号空缺。",),
        action=reverse("bulletins:void", args=[issue.pk]),
        button="确认作废",
        cancel=reverse("bulletins:detail", args=[issue.pk]),
        reason_label="作废原因",
        reason_required=True,
        reason_max_length=VoidReason.base_fields["reason"].max_length,
    )


def _download(issue: Issue, data: bytes, ext: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    name = f"{issue.publication.name}-{issue.year or ''}-{issue.number or issue.pk}.{ext}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def issue_docx_view(request, pk):
    issue = _issue(request, pk)
    return _download(issue, issue_docx(issue), "docx", DOCX_TYPE)


@login_required
def issue_pdf_view(request, pk):
    issue = _issue(request, pk)
    if not issue.is_released:
        raise PermissionDenied("印发后才能生成 PDF。")
    try:
        pdf = docx_to_pdf(issue_docx(issue))
    except (OSError, subprocess.SubprocessError):
        messages.error(request, "PDF 转换失败（未安装 LibreOffice 或转换超时），请下载 Word 版。")
        return _back(issue)
    return _download(issue, pdf, "pdf", "application/pdf")
