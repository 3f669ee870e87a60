"""The public site as static files (``govdesk portal export DIR``) for offices that
publish through a separate site platform: the same views and templates rendered
without a server, every internal link made relative to the file it is in, so the copy
works from any web server, any sub-directory, or the file system.

The copy has what a static server can serve: home, column pages (page 2 and on as
``c/<slug>-2.html``), articles, the Atom feeds, sitemap.xml, the published media and
the stylesheet. Search and the larger-type switch need the live site, so the
templates leave them out of the copy. Feeds and the sitemap need absolute addresses:
they use ``base_url``, the address the copy will be served at."""

import os
import posixpath
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.paginator import Paginator
from django.test import RequestFactory
from django.urls import Resolver404, resolve, reverse

from govdesk.portal.models import ArticleMedia, PortalColumn
from govdesk.portal.public import PAGE_SIZE
from govdesk.portal.selectors import live_articles, site_office

# A site address in a page, feed or sitemap: absolute (feeds) or from the root (pages).
SITE_URL = re.compile(r"(?:https?://[^/\"'<\s]+)?/(?:portal|static)/[^\"'<\s#]*")


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    pages: int
    files: int


class Exporter:
    def __init__(self, target: Path, base_url: str):
        self.target, self.base_url = target, base_url.rstrip("/") + "/"
        parts = urlsplit(settings.GOVDESK_BASE_URL)
        self.requests = RequestFactory(
            SERVER_NAME=parts.hostname or "localhost",
            SERVER_PORT=str(parts.port or (443 if parts.scheme == "https" else 80)),
            **({"wsgi.url_scheme": "https"} if parts.scheme == "https" else {}),
        )
        self.media = {}  # ArticleMedia pk -> file name in the copy
        self.static = set()  # static files the pages use
        self.pages = 0

    def file_for(self, url: str) -> str:
        """Where a site address lives in the copy (a path relative to its root)."""
        parts = urlsplit(unescape(url))
        if parts.path.startswith(settings.STATIC_URL):
            name = parts.path[len(settings.STATIC_URL) :]
            self.static.add(name)
            return f"static/{name}"
        try:
            match = resolve(parts.path)
        except Resolver404:
            raise ValueError(f"静态副本中没有此地址：{url}") from None
        name, kwargs = match.url_name, match.kwargs
        page = parse_qs(parts.query).get("page", ["1"])[0]
        simple = {"home": "index.html", "feed": "feed.xml", "sitemap": "sitemap.xml"}
        if match.namespace == "portal" and name in simple:
            return simple[name]
        if match.namespace == "portal" and name == "column":
            return f"c/{kwargs['slug']}.html" if page == "1" else f"c/{kwargs['slug']}-{page}.html"
        if match.namespace == "portal" and name == "column_feed":
            return f"c/{kwargs['slug']}.xml"
        if match.namespace == "portal" and name == "article":
            return f"a/{kwargs['pk']}.html"
        if match.namespace == "portal" and name == "media" and kwargs["pk"] in self.media:
            return self.media[kwargs["pk"]]
        raise ValueError(f"静态副本中没有此地址：{url}")

    def render(self, url: str) -> bytes:
        request = self.requests.get(url)
        request.static_copy = True  # the templates leave out search and the type switch
        request.user = AnonymousUser()  # what the middleware gives a visitor
        match = resolve(urlsplit(url).path)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200:
            raise ValueError(f"{url} 返回 {response.status_code}")
        return response.content

    def write(self, url: str) -> None:
        """Render ``url`` into its file, its site addresses made relative (pages) or
        rebased on ``base_url`` (feeds, sitemap)."""
        path = self.file_for(url)
        text = self.render(url).decode()
        if path.endswith(".html"):
            here = posixpath.dirname(path) or "."

            def link(found):
                return posixpath.relpath(self.file_for(found.group(0)), here)
        else:

            def link(found):
                return self.base_url + self.file_for(found.group(0))

        out = self.target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(SITE_URL.sub(link, text), encoding="utf-8")
        self.pages += 1

    def copy_files(self) -> int:
        for pk, name in self.media.items():
            out = self.target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            with ArticleMedia.objects.get(pk=pk).file.open("rb") as source:
                out.write_bytes(source.read())
        for name in self.static:
            found = finders.find(name) or staticfiles_storage.path(name)
            out = self.target / "static" / name
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, out)
        return len(self.media) + len(self.static)


def site_export(*, directory: Path, base_url: str = "") -> ExportResult:
    """Write the public site into ``directory``, replacing what was there in one step
    (the copy is built beside it and swapped in, so a web server serving the directory
    never sees half a site)."""
    office = site_office()
    if office is None:
        raise ValueError("尚未设置门户网站栏目，无法导出。")
    directory = Path(directory).resolve()
    directory.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    exporter = Exporter(building, base_url or settings.GOVDESK_BASE_URL + reverse("portal:home"))
    live = live_articles(office)
    for media in ArticleMedia.objects.filter(article__in=live.values("pk")):
        suffix = Path(media.file.name).suffix.lower()
        exporter.media[media.pk] = f"m/{media.pk}{suffix}"
    try:
        exporter.write(reverse("portal:home"))
        exporter.write(reverse("portal:feed"))
        exporter.write(reverse("portal:sitemap"))
        for column in PortalColumn.objects.filter(office=office, is_active=True):
            url = reverse("portal:column", args=[column.slug])
            count = Paginator(live.filter(column=column), PAGE_SIZE).num_pages
            for number in range(1, count + 1):
                exporter.write(url if number == 1 else f"{url}?page={number}")
            exporter.write(reverse("portal:column_feed", args=[column.slug]))
        for pk in live.values_list("pk", flat=True):
            exporter.write(reverse("portal:article", args=[pk]))
        files = exporter.copy_files()
        _swap(building, directory)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return ExportResult(directory, exporter.pages, files)


def _swap(new: Path, directory: Path) -> None:
    new.chmod(0o755)
    if directory.exists():
        old = directory.with_name(f".{directory.name}-old-{uuid.uuid4().hex[:8]}")
        os.replace(directory, old)
        os.replace(new, directory)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, directory)
