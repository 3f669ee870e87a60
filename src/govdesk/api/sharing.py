"""/api/circulars, /api/awards, /api/search and /api/notifications: what the pages of
通报, 评先评优, 检索与查重 and 消息 show, through the same selectors and checks."""

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate

from govdesk import policy
from govdesk.api.pagination import Pagination
from govdesk.api.sharing_schemas import (
    AwardSchemeOut,
    CircularDetailOut,
    CircularFilters,
    CircularOut,
    ConfirmedOut,
    DocumentFormat,
    EvaluationOut,
    IssueCircularIn,
    MarkedOut,
    NotificationFilters,
    NotificationOut,
    PairFilters,
    PairOut,
    SearchFilters,
    SearchOut,
    SimilarIn,
    SimilarOut,
    WithdrawCircularIn,
)
from govdesk.awards.evaluation import evaluate
from govdesk.awards.models import Confirmation
from govdesk.awards.selectors import evaluable_schemes
from govdesk.circulars import selectors as circular_selectors
from govdesk.circulars import services as circular_services
from govdesk.circulars.models import Circular, State
from govdesk.notifications import selectors as notification_selectors
from govdesk.notifications import services as notification_services
from govdesk.scoring.models import Scheme
from govdesk.scoring.views import DOWNLOADS
from govdesk.search import selectors as search_selectors
from govdesk.units.models import Unit

circulars = Router(tags=["通报"])
awards = Router(tags=["评先评优"])
search = Router(tags=["检索与查重"])
notifications = Router(tags=["站内消息"])

CIRCULAR_NOT_FOUND = "通报不存在，或您无权查看。"
SCHEME_NOT_FOUND = "考核方案不存在，或您无权查看其评选。"
NOT_CONFIRMED = "该方案的评选结果尚未确认。"
DESK_ONLY = "只有本办公室的编辑可以查看查重结果。"
PER_PAGE = 20


# --- circulars ---------------------------------------------------------------------


def visible_circular(user, circular_id: int, *, files: bool = False) -> Circular:
    qs = Circular.objects.select_related("office", "scheme")
    circular = (qs if files else qs.defer("docx", "xlsx")).filter(pk=circular_id).first()
    if circular is None or not policy.can(user, "circular.view", circular):
        raise Http404(CIRCULAR_NOT_FOUND)
    return circular


@circulars.get(
    "",
    response=list[CircularOut],
    summary="通报列表",
    description=(
        "本人可查看的通报：被考核单位、领导、查看得分或值守的人员看已签发的，"
        "可签发的人另看草稿。新期间在前。"
    ),
)
@paginate(Pagination)
def circular_list(request, filters: Query[CircularFilters]):
    offices = circular_selectors.listable_offices(request.auth)
    if filters.office:
        offices = [o for o in offices if o.pk == filters.office]
    found = Circular.objects.none()
    for office in offices:
        found |= circular_selectors.visible(request.auth, office)
    if filters.state:
        found = found.filter(state=filters.state)
    return found.select_related("office").order_by("-period_end", "-id")


@circulars.get(
    "/{circular_id}",
    response=CircularDetailOut,
    summary="通报详情",
    description="通报及签发时冻结的内容；草稿的内容随计分变化，请在网页上查看。",
)
def circular_detail(request, circular_id: int):
    return visible_circular(request.auth, circular_id)


@circulars.get(
    "/{circular_id}/documents/{fmt}",
    response={200: None},
    summary="下载通报文件",
    description="签发时生成的 Word（docx）或 Excel（xlsx）文件，与网页下载的逐字节相同。",
)
def circular_document(request, circular_id: int, fmt: DocumentFormat):
    circular = visible_circular(request.auth, circular_id, files=True)
    if circular.state == State.DRAFT:
        raise Http404("通报尚未签发，没有可下载的文件。")
    mime, ext = DOWNLOADS[fmt]
    response = HttpResponse(bytes(getattr(circular, fmt)), content_type=mime)
    filename = quote(f"{circular.doc_number}{circular.title}.{ext}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@circulars.post(
    "/{circular_id}/issue",
    response=CircularOut,
    summary="签发通报",
    description="冻结通报的内容和文件并通知被通报单位。计分通报由编辑、主编签发，值班通报由值班员、主编签发。",
)
def circular_issue(request, circular_id: int, payload: IssueCircularIn):
    circular = visible_circular(request.auth, circular_id)
    return circular_services.circular_issue(
        actor=request.auth, circular_id=circular.pk, doc_number=payload.doc_number
    )


@circulars.post(
    "/{circular_id}/withdraw",
    response=CircularOut,
    summary="撤回通报",
    description="已签发的通报撤回后不再有效，文号保留；撤回原因记入变更记录。",
)
def circular_withdraw(request, circular_id: int, payload: WithdrawCircularIn):
    circular = visible_circular(request.auth, circular_id)
    return circular_services.circular_withdraw(
        actor=request.auth, circular_id=circular.pk, reason=payload.reason
    )


# --- awards --------------------------------------------------------------------------


def scheme_row(scheme: Scheme, confirmed: bool) -> dict:
    return {
        "id": scheme.pk,
        "name": str(scheme),
        "year": scheme.year,
        "office": scheme.office,
        "confirmed": confirmed,
    }


def evaluable(user, scheme_id: int) -> Scheme:
    scheme = Scheme.objects.select_related("office").filter(pk=scheme_id).first()
    if scheme is None or not policy.can(user, "awards.view", scheme.office):
        raise Http404(SCHEME_NOT_FOUND)
    return scheme


@awards.get(
    "/schemes",
    response=list[AwardSchemeOut],
    summary="可评选的考核方案",
    description="本人可查看评选的施行中考核方案（本办公室的编辑、主编和管理员），新年度在前。",
)
def award_schemes(request):
    schemes = evaluable_schemes(request.auth)
    confirmed = set(
        Confirmation.objects.filter(scheme__in=schemes).values_list("scheme_id", flat=True)
    )
    return [scheme_row(s, s.pk in confirmed) for s in schemes]


@awards.get(
    "/schemes/{scheme_id}/evaluation",
    response=EvaluationOut,
    summary="评选核对",
    description="每个奖项的候选单位或个人，逐项条件按记录核对的结果、得分和主编的调整。",
)
def award_evaluation(request, scheme_id: int):
    scheme = evaluable(request.auth, scheme_id)
    confirmed = Confirmation.objects.filter(scheme=scheme).exists()
    return {
        "scheme": scheme_row(scheme, confirmed),
        "awards": [
            {
                "id": award.pk,
                "name": award.name,
                "subject": award.subject,
                "candidates": [
                    {
                        "unit": c.unit,
                        "officer_id": c.officer.pk if c.officer else None,
                        "name": c.name,
                        "score": str(c.score),
                        "verdict": c.verdict,
                        "proposed": c.proposed,
                        "granted": c.granted,
                        "override_reason": c.override.reason if c.override else None,
                        "checks": [
                            {
                                "criterion": check.criterion.label,
                                "status": check.status,
                                "label": check.label,
                                "summary": check.summary,
                            }
                            for check in c.checks
                        ],
                    }
                    for c in candidates
                ],
            }
            for award, candidates in evaluate(scheme).results
        ],
    }


@awards.get(
    "/schemes/{scheme_id}/winners",
    response=ConfirmedOut,
    summary="确认的获奖名单",
    description="主编确认后的获奖名单；尚未确认时 404。",
)
def award_winners(request, scheme_id: int):
    return confirmed_list(evaluable(request.auth, scheme_id))


def confirmed_list(scheme: Scheme) -> dict:
    """The scheme's confirmed list as ``ConfirmedOut`` gives it; 404 before confirmation."""
    confirmation = Confirmation.objects.filter(scheme=scheme).select_related("confirmed_by").first()
    if confirmation is None:
        raise Http404(NOT_CONFIRMED)
    winners = confirmation.winners.select_related("award", "unit", "officer")
    return {
        "scheme": scheme_row(scheme, True),
        "confirmed_by": confirmation.confirmed_by.get_full_name(),
        "confirmed_at": confirmation.confirmed_at,
        "written_on": confirmation.written_on,
        "winners": [
            {
                "award": w.award.name,
                "unit": w.unit,
                "officer": w.officer.full_name if w.officer_id else None,
                "overridden": w.overridden,
            }
            for w in winners
        ],
    }


# --- search --------------------------------------------------------------------------


@search.get(
    "/items",
    response=SearchOut,
    summary="全文检索",
    description="在本人可查看的信息中按中文分词检索标题和正文，与网页检索相同。",
)
def item_search(request, filters: Query[SearchFilters]):
    wanted = filters.model_dump(exclude={"q", "page"}, exclude_none=True)
    results = search_selectors.search_items(
        viewer=request.auth,
        q=filters.q,
        filters=wanted,
        limit=PER_PAGE,
        offset=(filters.page - 1) * PER_PAGE,
    )
    return {
        "words": results.words,
        "total": results.total,
        "page": filters.page,
        "hits": [{"item": h.item, "title": h.title, "snippet": h.snippet} for h in results.hits],
    }


@search.post(
    "/similar",
    response=list[SimilarOut],
    summary="查重：与已报送信息是否相似",
    description=(
        "与报送单位的上级办公室收到的信息比对（MinHash），只列本人可查看的相似信息，"
        "相似度高的在前；正文太短（不足 10 个片段）时不比对。"
    ),
)
def similar_check(request, payload: SimilarIn):
    unit = policy.visible_units(request.auth).filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404("单位不存在，或您无权查看。")
    warnings = search_selectors.duplicate_warnings(
        viewer=request.auth,
        unit=unit,
        title=payload.title,
        body=payload.body,
        item_id=payload.item_id,
    )
    return [{"item": w.item, "score": round(w.score, 3)} for w in warnings]


@search.get(
    "/offices/{office_id}/pairs",
    response=list[PairOut],
    summary="办公室收到信息中的相似信息对",
    description="重复报送、疑似雷同和条块双报，不含已标为“不重复”的；本办公室编辑、主编可查看。",
)
def similar_pairs(request, office_id: int, filters: Query[PairFilters]):
    office = Unit.objects.filter(pk=office_id, kind="office").first()
    if office is None or not policy.can(request.auth, "office.desk", office):
        raise PermissionDenied(DESK_ONLY)
    found = search_selectors.similar_pairs(viewer=request.auth, office=office, days=filters.days)
    return [
        {
            "first": p.first,
            "second": p.second,
            "score": round(p.score, 3),
            "relation": p.relation,
            "label": p.label,
        }
        for p in found
    ]


# --- notifications -------------------------------------------------------------------


@notifications.get(
    "",
    response=list[NotificationOut],
    summary="我的站内消息",
    description="发给本人的消息（退回、采用、批示、约稿、督办、通报草稿等），新消息在前。",
)
@paginate(Pagination)
def notification_list(request, filters: Query[NotificationFilters]):
    notes = notification_selectors.inbox(user=request.auth)
    if filters.unread is not None:
        notes = notes.filter(read_at__isnull=filters.unread)
    return notes


@notifications.post(
    "/{notification_id}/read",
    response=NotificationOut,
    summary="标为已读",
    description="只能标记发给本人的消息。",
)
def notification_read(request, notification_id: int):
    return notification_services.notification_open(user=request.auth, delivery_id=notification_id)


@notifications.post(
    "/read-all",
    response=MarkedOut,
    summary="全部标为已读",
    description="把本人的未读消息全部标为已读。",
)
def notification_read_all(request):
    return {"marked": notification_services.notifications_mark_all_read(user=request.auth)}
