"""The public site: no login, server-rendered, cached by ETag/Last-Modified.

Every page reads ``selectors.live_articles``; a withdrawn article's URL answers 410."""

import hashlib

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from govdesk.lib.replica import reads_from_replica
from govdesk.portal.models import Article, ArticleMedia, ArticleState, PortalColumn
from govdesk.portal.selectors import live_articles, site_office, site_search

PAGE_SIZE = 20
HOME_PER_COLUMN = 6
LARGE_COOKIE = "portal_large"
# Short, so a withdrawal reaches browsers and proxies within a minute.
CACHE_SECONDS = 60


def _office():
    office = site_office()
    if office is None:
        raise Http404
    return office


def _last_change(request, *args, **kwargs):
    """The site changes when any of its articles does (publish, correction, withdrawal)."""
    office = site_office()
    if office is None:
        return None
    return Article.objects.filter(office=office).aggregate(at=Max("updated_at"))["at"]


def _etag(request, *args, **kwargs):
    # The same page differs with the larger-type switch and the query.
    last = _last_change(request)
    key = f"{last}|{request.COOKIES.get(LARGE_COOKIE, '')}|{request.GET.urlencode()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def cached(view):
    return cache_control(public=True, max_age=CACHE_SECONDS)(
        condition(etag_func=_etag, last_modified_func=_last_change)(view)
    )


def _render(request, template, context, status=200):
    office = _office()
    context = {
        "office": office,
        "columns": PortalColumn.objects.filter(office=office, is_active=True),
        "large": request.COOKIES.get(LARGE_COOKIE) == "1",
        # The static copy (portal/export.py) has no search and no type switch.
        "static_copy": getattr(request, "static_copy", False),
        **context,
    }
    return render(request, f"portal/site/{template}", context, status=status)


@reads_from_replica()
@cached
def home(request):
    office = _office()
    live = live_articles(office)
    blocks = [
        (column, list(live.filter(column=column)[:HOME_PER_COLUMN]))
        for column in PortalColumn.objects.filter(office=office, is_active=True)
    ]
    return _render(request, "home.html", {"blocks": blocks})


@reads_from_replica()
@cached
def column(request, slug):
    office = _office()
    col = get_object_or_404(PortalColumn, office=office, slug=slug, is_active=True)
    page = Paginator(live_articles(office).filter(column=col), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return _render(request, "column.html", {"column": col, "page": page})


@reads_from_replica()
@cached
def article(request, pk):
    office = _office()
    found = get_object_or_404(
        Article.objects.select_related("column", "source_unit", "source_notice"), pk=pk
    )
    if found.office_id != office.pk:
        raise Http404
    if found.state == ArticleState.WITHDRAWN:
        return _render(request, "gone.html", {}, status=410)
    if found.state != ArticleState.PUBLISHED:
        raise Http404
    return _render(request, "article.html", {"article": found, "media": found.media.all()})


@reads_from_replica()
@cached
def search(request):
    office = _office()
    query = request.GET.get("q", "").strip()[:50]
    results = None
    if query:
        results = Paginator(site_search(office, query), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "search.html", {"query": query, "page": results})


def media(request, pk):
    """A published picture or file; gone with its article."""
    found = get_object_or_404(ArticleMedia.objects.select_related("article"), pk=pk)
    if found.article.state != ArticleState.PUBLISHED:
        raise Http404
    response = FileResponse(found.file.open("rb"), content_type=found.mime)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def larger_type(request):
    """The 大字 switch: a link that sets a cookie, so the page needs no script."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(LARGE_COOKIE, "1", max_age=365 * 86400, samesite="Lax")
    else:
        response.delete_cookie(LARGE_COOKIE)
    return response


class SiteFeed(Feed):
    """Atom feed of the whole site, or of one column (``slug``)."""

    feed_type = Atom1Feed

    def get_object(self, request, slug=None):
        office = _office()
        col = None
        if slug is not None:
            col = get_object_or_404(PortalColumn, office=office, slug=slug, is_active=True)
        return office, col

    def title(self, obj):
        office, col = obj
        return f"{office.name}网站 · {col.name}" if col else f"{office.name}网站"

    def link(self, obj):
        _, col = obj
        return reverse("portal:column", args=[col.slug]) if col else reverse("portal:home")

    def items(self, obj):
        office, col = obj
        live = live_articles(office)
        return (live.filter(column=col) if col else live)[:PAGE_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body[:200]

    def item_link(self, item):
        return reverse("portal:article", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.corrected_at or item.published_at


class ArticleSitemap(Sitemap):
    limit = 5000

    def items(self):
        office = site_office()
        return live_articles(office).order_by("pk") if office else Article.objects.none()

    def location(self, item):
        return reverse("portal:article", args=[item.pk])

    def lastmod(self, item):
        return item.corrected_at or item.published_at
