"""/api/portal: the portal desk (门户网站编辑台) — the 主动公开 items and issued monthly
notices it may take, and the article's 保密审查, publishing, withdrawal and
correction. The same services and policy as the desk's pages (``govdesk.portal``)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router

from govdesk import policy
from govdesk.api.idempotent import DESCRIPTION as IDEMPOTENT
from govdesk.api.idempotent import create_once
from govdesk.api.portal_desk_schemas import (
    ArticleDetailOut,
    ArticleEditIn,
    ArticleIn,
    ArticleOut,
    CandidateOut,
    CorrectIn,
    NoticeOut,
    PublishIn,
    WithdrawIn,
)
from govdesk.items.models import Item
from govdesk.portal import selectors, services
from govdesk.portal.models import Article

router = Router(tags=["门户网站编辑台"])

NO_DESK = "您不在门户网站编辑台工作。"
ARTICLE_NOT_FOUND = "网站文章不存在，或您无权查看。"
ONE_SOURCE = "请在 item_id 和 notice_id 中选择一项。"


def _office(user):
    office = selectors.desk_office(user)
    if office is None:
        raise Http404(NO_DESK)
    return office


def _article(user, article_id: int) -> Article:
    article = (
        Article.objects.select_related("office", "column", "source_unit", "secrecy_checked_by")
        .filter(pk=article_id)
        .first()
    )
    if article is None or not policy.can(user, "portal.view", article.office):
        raise Http404(ARTICLE_NOT_FOUND)
    return article


def _detail(user, article_id: int) -> Article:
    """The article with what the desk shows beside it: its media, the attachments held
    back, and why it may not go online now."""
    article = _article(user, article_id)
    article.media_list = list(article.media.all())
    shown = {m.original_name for m in article.media_list}
    article.held_back = (
        [a.original_name for a in article.item.attachments.all() if a.original_name not in shown]
        if article.item_id
        else []
    )
    article.problems = services.release_problems(article)
    return article


def _acted(request, article_id: int, service, **fields) -> Article:
    """Run a portal service on an article the user may see; the article as it is then."""
    service(actor=request.auth, article_id=_article(request.auth, article_id).pk, **fields)
    return _detail(request.auth, article_id)


@router.get(
    "/candidates",
    response=list[CandidateOut],
    summary="待选用的主动公开信息",
    description=(
        "本办各单位标为主动公开、已报送本办或单独报送网站、尚未选入网站的信息，"
        "新到在前（最多 100 条）。"
    ),
)
def candidate_list(request):
    return list(selectors.desk_queue(_office(request.auth))[:100])


@router.get(
    "/notices",
    response=list[NoticeOut],
    summary="可发布的月度信息通报",
    description="本办已签发、尚未发布到网站的月度信息通报（定期在网站上公布报送采用情况）。",
)
def notice_list(request):
    return list(services.notices_to_publish(_office(request.auth)))


@router.get("/articles", response=list[ArticleOut], summary="网站文章（编辑台）")
def article_list(request):
    """本办网站的全部文章，含待发布、定时发布、已发布和已撤稿，新建在前（最多 200 篇）。"""
    office = _office(request.auth)
    return list(
        Article.objects.filter(office=office)
        .select_related("column", "source_unit", "secrecy_checked_by")
        .order_by("-created_at", "-pk")[:200]
    )


@router.post(
    "/articles",
    response={201: ArticleDetailOut},
    summary="选用",
    description=(
        "网站编辑把主动公开信息（item_id）或已签发的月度信息通报（notice_id）选入栏目，"
        f"生成网站稿；信息的附件清除隐藏信息后随文，无法清除的不随文（见 held_back）。{IDEMPOTENT}"
    ),
)
def article_create(request, payload: ArticleIn):
    if (payload.item_id is None) == (payload.notice_id is None):
        raise ValidationError(ONE_SOURCE)
    office = _office(request.auth)
    # Only the office's own units' items: others are not there for this desk.
    if payload.item_id and not Item.objects.filter(pk=payload.item_id, office=office).exists():
        raise Http404("信息不存在，或您无权查看。")

    def create() -> Article:
        if payload.item_id is not None:
            article = services.article_prepare(
                actor=request.auth, item_id=payload.item_id, column_id=payload.column_id
            )
        else:
            article = services.article_from_notice(
                actor=request.auth,
                office=office,
                notice_id=payload.notice_id,
                column_id=payload.column_id,
            )
        return _detail(request.auth, article.pk)

    return create_once(request, create, lambda pk: _detail(request.auth, pk))


@router.get("/articles/{article_id}", response=ArticleDetailOut, summary="网站稿详情")
def article_detail(request, article_id: int):
    """网站稿、附件、不随文的附件和当前不能发布的原因。"""
    return _detail(request.auth, article_id)


@router.patch(
    "/articles/{article_id}",
    response=ArticleDetailOut,
    summary="修改网站稿",
    description="修改标题、正文、栏目和附件说明；报送信息原文不变。修改标题或正文后须重新保密审查。",
)
def article_edit(request, article_id: int, payload: ArticleEditIn):
    return _acted(
        request,
        article_id,
        services.article_edit,
        title=payload.title,
        body=payload.body,
        column_id=payload.column_id,
        captions={m.id: (m.caption, m.alt) for m in payload.media},
    )


@router.post(
    "/articles/{article_id}/secrecy-review",
    response=ArticleDetailOut,
    summary="保密审查",
    description="网站编辑确认网站稿不含涉密内容，记录审查人和时间；未经保密审查不能发布。",
)
def article_secrecy(request, article_id: int):
    return _acted(request, article_id, services.article_confirm_secrecy)


@router.post(
    "/articles/{article_id}/publish",
    response=ArticleDetailOut,
    summary="发布或定时发布",
    description="立即发布，或在 publish_at 定时发布（后台每分钟发布到期的文章，并重新检查）。",
)
def article_publish(request, article_id: int, payload: PublishIn):
    return _acted(request, article_id, services.article_publish, at=payload.publish_at)


@router.post(
    "/articles/{article_id}/withdraw",
    response=ArticleDetailOut,
    summary="撤稿",
    description=(
        "须填写原因；文章立即从网站各页面、订阅、搜索、网站地图和公开接口撤下，网址返回 410。"
    ),
)
def article_withdraw(request, article_id: int, payload: WithdrawIn):
    return _acted(request, article_id, services.article_withdraw, reason=payload.reason)


@router.post(
    "/articles/{article_id}/correct",
    response=ArticleDetailOut,
    summary="更正",
    description="更正已发布的文章：网页显示更正说明和日期；更正稿须确认已完成保密审查。",
)
def article_correct(request, article_id: int, payload: CorrectIn):
    return _acted(request, article_id, services.article_correct, **payload.model_dump())
