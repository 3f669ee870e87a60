"""``govdesk portal export DIR`` (issue 17 §5): the public site as static files with
relative links — home, every column page, articles, feeds, sitemap, media, the
stylesheet — well-formed, every internal link a file in DIR; the worker rewrites the
copy after a withdrawal."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from govdesk.portal import services
from govdesk.portal.export import site_export
from tests.portal.test_metadata import _article_from, _jpeg_with_gps

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
BASE = "https://www.example.gov.cn/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Page(HTMLParser):
    """Balanced tags (every opened element closed in order) and the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.links, self.problems = [], [], []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
        else:
            self.open.pop()


def check_page(path: Path, root: Path) -> list[str]:
    """The page's problems: unbalanced tags, and internal links with no file in root."""
    page = Page()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    page.feed(text)
    page.close()
    problems = page.problems + [f"<{tag}> never closed" for tag in page.open]
    for link in page.links:
        parts = urlsplit(link)
        if link.startswith("#"):
            continue
        if parts.scheme or parts.netloc:
            problems.append(f"{path.name}: {link} leaves the copy")
            continue
        target = (path.parent / unquote(parts.path)).resolve()
        if not target.is_file() or root not in target.parents:
            problems.append(f"{path.name}: {link} has no file")
    return problems


@pytest.fixture
def site(world, portal, media_storage):
    """A picture article in 图片新闻 (with GPS in its JPEG) and 21 articles in 政务信息,
    so that column has a second page."""
    picture = _article_from(world, portal, [("现场照片.jpg", _jpeg_with_gps())])
    news = []
    for n in range(21):
        item = world.submitted(public_release="active", title=f"政务信息第{n}条")
        article = services.article_prepare(
            actor=world.county_web, item_id=item.pk, column_id=portal["zwxx"].pk
        )
        services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
        news.append(services.article_publish(actor=world.county_web, article_id=article.pk))
    return picture, news


def test_the_export_is_a_whole_site_with_relative_links(site, tmp_path):
    picture, news = site
    root = (tmp_path / "site").resolve()
    result = site_export(directory=root, base_url=BASE)
    assert result.directory == root
    expected = ["index.html", "feed.xml", "sitemap.xml", "c/zwxx.html", "c/zwxx-2.html",
                "c/zwxx.xml", "c/tpxw.html", "c/tzgg.html", f"a/{picture.pk}.html",
                f"a/{news[0].pk}.html", "static/portal/site.css"]  # fmt: skip
    for name in expected:
        assert (root / name).is_file(), name
    (image,) = picture.media.all()
    assert (root / f"m/{image.pk}.jpg").read_bytes() == image.file.open("rb").read()
    pages = sorted(root.rglob("*.html"))
    assert len(pages) == 1 + 7 + 1 + 22  # home, columns, 政务信息 page 2, articles
    for page in pages:
        assert check_page(page, root) == [], page
        text = page.read_text(encoding="utf-8")
        assert 'href="/' not in text and 'src="/' not in text
        assert "站内搜索" not in text and "大字版" not in text  # they need the live site
    article = (root / f"a/{picture.pk}.html").read_text(encoding="utf-8")
    assert f'src="../m/{image.pk}.jpg"' in article and 'href="../c/tpxw.html"' in article
    assert 'href="../static/portal/site.css"' in article
    column = (root / "c/zwxx.html").read_text(encoding="utf-8")
    assert 'href="zwxx-2.html"' in column


def test_feeds_and_sitemap_link_into_the_copy_at_its_address(site, tmp_path):
    picture, news = site
    root = tmp_path / "site"
    site_export(directory=root, base_url=BASE)
    locations = [e.text for e in ET.parse(root / "sitemap.xml").iter(f"{SITEMAP}loc")]
    assert len(locations) == 22 and f"{BASE}a/{picture.pk}.html" in locations
    feed = ET.parse(root / "c/zwxx.xml").getroot()
    links = [e.get("href") for e in feed.iter(f"{ATOM}link")]
    assert f"{BASE}a/{news[-1].pk}.html" in links
    for link in locations + links:
        assert link.startswith(BASE) and (root / link[len(BASE) :]).is_file(), link


def test_the_worker_rewrites_the_copy_after_a_withdrawal(
    world, site, tmp_path, settings, immediate_queue, django_capture_on_commit_callbacks
):
    picture, news = site
    root = tmp_path / "www" / "site"
    settings.GOVDESK_PORTAL_EXPORT_DIR = str(root)
    settings.GOVDESK_PORTAL_EXPORT_URL = BASE
    with django_capture_on_commit_callbacks(execute=True):
        services.article_withdraw(actor=world.county_web, article_id=picture.pk, reason="数据有误")
    assert (root / "index.html").is_file() and (root / f"a/{news[0].pk}.html").is_file()
    assert not (root / f"a/{picture.pk}.html").exists()
    assert not list(root.glob("m/*"))
    assert f"a/{picture.pk}.html" not in (root / "feed.xml").read_text(encoding="utf-8")
    assert list(root.parent.iterdir()) == [root]  # nothing left beside it


def test_the_command(site, tmp_path, capsys):
    call_command("portal", "export", str(tmp_path / "out"), "--base-url", BASE)
    assert capsys.readouterr().out.startswith(f"已导出到 {tmp_path / 'out'}：")


def test_no_portal_no_export(db, tmp_path):
    with pytest.raises(CommandError, match="尚未设置门户网站栏目，无法导出。"):
        call_command("portal", "export", str(tmp_path / "out"))
