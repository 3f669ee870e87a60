"""/api/public/…: the portal's published articles for other sites to embed. No
authentication; only what the public site shows (``live_articles``), cacheable."""

from datetime import datetime

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from govdesk.api.pagination import Pagination
from govdesk.portal.models import Article, ArticleState, PortalColumn
from govdesk.portal.public import CACHE_SECONDS
from govdesk.portal.selectors import live_articles, site_office

router = Router(tags=["门户网站（公开）"], auth=None)
GONE = "该文章已撤下。"


class PortalColumnOut(Schema):
    """Named apart from the catalogue's ``schemas.ColumnOut``: one OpenAPI component
    name for two shapes made the document describe publication columns wrongly."""

    slug: str = Field(..., description="栏目网址名")
    name: str = Field(..., description="栏目名称")


class PublicArticleOut(Schema):
    id: int
    title: str = Field(..., description="标题")
    column: str = Field(..., description="栏目网址名", alias="column.slug")
    source_unit: str = Field(..., description="来源单位", alias="source_unit.name")
    published_at: datetime = Field(..., description="发布时间")
    corrected_at: datetime | None = Field(None, description="更正时间")
    correction_note: str = Field("", description="更正说明")
    url: str = Field(..., description="文章网页地址")

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("portal:article", args=[obj.pk])


class ArticleDetail(PublicArticleOut):
    body: str = Field(..., description="正文")


class ArticleFilters(Schema):
    column: str = Field("", max_length=40, description="只列出该栏目（网址名）的文章")


def _cacheable(response: HttpResponse) -> None:
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"


def _office():
    office = site_office()
    if office is None:
        raise Http404
    return office


@router.get("/columns", response=list[PortalColumnOut], summary="网站栏目")
def column_list(request, response: HttpResponse):
    _cacheable(response)
    return PortalColumn.objects.filter(office=_office(), is_active=True)


@router.get(
    "/articles",
    response=list[PublicArticleOut],
    summary="已发布文章",
    description="按发布时间倒序；撤稿的文章不在其中。",
)
@paginate(Pagination)
def article_list(request, response: HttpResponse, filters: Query[ArticleFilters]):
    _cacheable(response)
    articles = live_articles(_office())
    return articles.filter(column__slug=filters.column) if filters.column else articles


@router.get(
    "/articles/{article_id}",
    response=ArticleDetail,
    summary="文章全文",
    description="撤稿的文章返回 410。",
)
def article_detail(request, response: HttpResponse, article_id: int):
    _cacheable(response)
    article = Article.objects.filter(pk=article_id, office=_office()).first()
    if article is not None and article.state == ArticleState.WITHDRAWN:
        raise HttpError(410, GONE)
    if article is None or article.state != ArticleState.PUBLISHED:
        raise Http404
    return article
