"""/api/issues: issues (期) of the office's bulletins, from assembly to release, and
their reading. Every write calls ``govdesk.bulletins.services``; reads start from
``policy.visible_issues``."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from govdesk import policy
from govdesk.api.bulletin_schemas import (
    EntryAddIn,
    EntryMoveIn,
    EntryOut,
    EntryUpdateIn,
    IssueCreateIn,
    IssueDetailOut,
    IssueFilters,
    IssueOut,
    ReadOut,
    ReceiptOut,
    RecipientsIn,
    VoidIn,
)
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.pagination import Pagination
from govdesk.api.schemas import ItemOut
from govdesk.bulletins import selectors
from govdesk.bulletins import services as issues
from govdesk.bulletins.models import Issue, IssueEntry
from govdesk.publications import selectors as catalogue
from govdesk.publications.models import Publication

router = Router(tags=["刊期"])

ISSUE_NOT_FOUND = "刊期不存在，或您无权查看。"


def visible_issue(user, issue_id: int) -> Issue:
    issue = (
        policy.visible_issues(user)
        .select_related("publication__office", "editor", "signer")
        .filter(pk=issue_id)
        .first()
    )
    if issue is None:
        raise Http404(ISSUE_NOT_FOUND)
    return issue


def _entry(user, entry_id: int) -> IssueEntry:
    entry = IssueEntry.objects.select_related("issue__publication").filter(pk=entry_id).first()
    if entry is None:
        raise Http404("文章不存在，或您无权查看。")
    policy.require(user, "issue.edit", entry.issue)
    return entry


@router.get(
    "",
    response=list[IssueOut],
    summary="刊期列表",
    description=(
        "当前用户可查看的刊期，新印发的在前：本办编辑、主编看到全部，领导和报送、抄送对象"
        "只看到已印发的；unread 标出未读。q 检索本期标题和文章。"
    ),
)
@paginate(Pagination)
def issue_list(request, filters: Query[IssueFilters]):
    return selectors.issue_list(viewer=request.auth, q=filters.q.strip()).select_related(
        "publication__office", "editor", "signer"
    )


@router.post(
    "",
    response={201: IssueDetailOut},
    summary="新编一期",
    description=f"本办编辑为刊物新编一期（或增刊），状态为编辑中。{IDEMPOTENT}",
)
def issue_create(request, payload: IssueCreateIn):
    publication = Publication.objects.filter(pk=payload.publication, is_active=True).first()
    if publication is None:
        raise ValidationError({"publication": "刊物不存在或已停用。"})

    def create():
        issue = issues.issue_create(
            actor=request.auth,
            publication=publication,
            supplement=payload.supplement,
            title=payload.title.strip(),
        )
        return visible_issue(request.auth, issue.pk)

    return create_once(request, create, lambda pk: visible_issue(request.auth, pk))


@router.get("/{issue_id}", response=IssueDetailOut, summary="刊期详情")
def issue_detail(request, issue_id: int):
    """本期文章（含编者按、来源信息和计分单位）、报送抄送范围，以及当前用户可否编辑、签发。
    读取详情不记入阅读回执，阅读请调用“标记已读”。"""
    return visible_issue(request.auth, issue_id)


@router.post(
    "/{issue_id}/read",
    response=ReadOut,
    summary="标记已读",
    description="记录当前用户阅读了已印发的本期（阅读回执只记首次阅读）；未印发的刊期不记录。",
)
def issue_read(request, issue_id: int):
    issue = visible_issue(request.auth, issue_id)
    return {"first_time": issues.issue_mark_read(issue=issue, user=request.auth)}


@router.get(
    "/{issue_id}/receipts",
    response=list[ReceiptOut],
    summary="阅读回执",
    description="本办编辑、主编查看报送、抄送对象谁已读、谁未读（单位以其任一人员的首次阅读为准）。",
)
def issue_receipts(request, issue_id: int):
    issue = visible_issue(request.auth, issue_id)
    policy.require(request.auth, "issue.edit", issue)
    return selectors.read_receipts(issue)


@router.get(
    "/{issue_id}/addable",
    response=list[ItemOut],
    summary="可编入的信息",
    description="已被本刊采用、尚未编入本刊任何一期（作废的除外）的信息，新采用的在前。",
)
def issue_addable(request, issue_id: int):
    issue = visible_issue(request.auth, issue_id)
    policy.require(request.auth, "issue.edit", issue)
    return list(selectors.pick_list(issue).select_related("office", "created_by", "reviewer"))


@router.post(
    "/{issue_id}/entries",
    response={201: EntryOut},
    summary="编入文章",
    description=(
        "将已被本刊采用的信息编入本期：一条信息原样编入（可改标题、正文），多条信息合编为"
        f"一篇综合信息（须填写标题和正文），计分计入每个来源单位。{IDEMPOTENT}"
    ),
)
def entry_add(request, issue_id: int, payload: EntryAddIn):
    issue = visible_issue(request.auth, issue_id)
    return create_once(
        request,
        lambda: issues.entry_add(actor=request.auth, issue_id=issue.pk, **payload.model_dump()),
        lambda pk: _entry(request.auth, pk),
    )


@router.patch(
    "/entries/{entry_id}",
    response=EntryOut,
    summary="修改文章",
    description="修改编辑中刊期的文章标题、正文和编者按；信息原文保留在信息的版本历史中。",
)
def entry_update(request, entry_id: int, payload: EntryUpdateIn):
    entry = _entry(request.auth, entry_id)
    return issues.entry_update(actor=request.auth, entry_id=entry.pk, **payload.model_dump())


@router.post("/entries/{entry_id}/move", response=list[EntryOut], summary="调整文章顺序")
def entry_move(request, entry_id: int, payload: EntryMoveIn):
    """与上一篇（-1）或下一篇（1）交换位置，返回调整后的全部文章。"""
    entry = _entry(request.auth, entry_id)
    issues.entry_move(actor=request.auth, entry_id=entry.pk, offset=payload.offset)
    return list(entry.issue.entries.order_by("position", "id"))


@router.delete("/entries/{entry_id}", response={204: None}, summary="移出文章")
def entry_remove(request, entry_id: int):
    issues.entry_remove(actor=request.auth, entry_id=_entry(request.auth, entry_id).pk)
    return Status(204, None)


@router.put(
    "/{issue_id}/recipients",
    response=IssueDetailOut,
    summary="设置报送、抄送范围",
    description="整体替换：报送本办领导和单位，抄送单位。单位限上级办公室和本办下属单位。",
)
def recipients_set(request, issue_id: int, payload: RecipientsIn):
    issue = visible_issue(request.auth, issue_id)
    policy.require(request.auth, "issue.edit", issue)
    chosen = distribution_chosen(issue.publication.office, payload)
    issues.issue_set_recipients(actor=request.auth, issue_id=issue.pk, **chosen)
    return visible_issue(request.auth, issue.pk)


def distribution_chosen(office, payload: RecipientsIn) -> dict:
    """The leaders and units of ``payload`` as ``DistributionForm`` offers them for
    ``office``'s issues (an issue's list or a publication's default); 422 otherwise."""
    units = catalogue.distribution_units(office)
    chosen = {
        "send_users": catalogue.office_leaders(office).filter(pk__in=payload.send_users),
        "send_units": units.filter(pk__in=payload.send_units),
        "copy_units": units.filter(pk__in=payload.copy_units),
    }
    wrong = {
        field: ["只能选择本办领导，以及上级办公室和本办下属单位。"]
        for field, found in chosen.items()
        if found.count() != len(set(getattr(payload, field)))
    }
    if wrong:
        raise ValidationError(wrong)
    return chosen


@router.post(
    "/{issue_id}/sign",
    response=IssueDetailOut,
    summary="签发",
    description="本办主编签发编辑中的刊期；本期须有文章，且每条来源信息都已被本刊采用。",
)
def issue_sign(request, issue_id: int):
    issues.issue_sign(actor=request.auth, issue_id=visible_issue(request.auth, issue_id).pk)
    return visible_issue(request.auth, issue_id)


@router.post(
    "/{issue_id}/release",
    response=IssueDetailOut,
    summary="印发",
    description=(
        "本办主编印发已签发的刊期：按刊物和年度编期号（第N期）和总期号（增刊单独编号），"
        "期号不重复使用，并送达报送、抄送对象。"
    ),
)
def issue_release(request, issue_id: int):
    issues.issue_release(actor=request.auth, issue_id=visible_issue(request.auth, issue_id).pk)
    return visible_issue(request.auth, issue_id)


@router.post(
    "/{issue_id}/void",
    response=IssueDetailOut,
    summary="作废",
    description="本办主编作废已印发的刊期；期号保留不再使用，作废原因说明期号空缺。",
)
def issue_void(request, issue_id: int, payload: VoidIn):
    issue = visible_issue(request.auth, issue_id)
    issues.issue_void(actor=request.auth, issue_id=issue.pk, reason=payload.reason)
    return visible_issue(request.auth, issue.pk)
