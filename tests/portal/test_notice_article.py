"""The monthly reporting figures on the site (seed 001 范文8: 定期在网站上公布): an
issued 月度信息通报 becomes an article whose page shows the notice's frozen figures
table, through the same 保密审查 and publishing, and leaves every page, feed, search
result and the sitemap on withdrawal like any article."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from govdesk.circulars import services as circulars
from govdesk.circulars.models import Kind
from govdesk.lib import clock
from govdesk.portal import services
from govdesk.portal.models import Article, ArticleState
from tests.circulars.test_issue import APRIL_1, _issue
from tests.fixtures.portal import public_item

pytestmark = pytest.mark.django_db
TITLE = "关于2026年3月政务信息报送采用情况的通报"


def _pages(client, article):
    return {
        "home": client.get("/portal/"),
        "column": client.get("/portal/c/xxbstb/"),
        "feed": client.get("/portal/feed/"),
        "column_feed": client.get("/portal/c/xxbstb/feed/"),
        "search": client.get("/portal/search/", {"q": "3月 通报"}),
        "sitemap": client.get("/portal/sitemap.xml"),
    }


def test_an_issued_notice_is_published_as_its_figures_then_withdrawn(
    world, events, scored, portal, client, login
):
    notice = _issue(world)
    desk = login(world.county_web)
    page = desk.get("/portal/desk/").content.decode()
    assert "可发布的月度信息通报" in page and TITLE in page
    with clock.frozen_at(APRIL_1):
        taken = desk.post(
            f"/portal/desk/take-notice/{notice.pk}/",
            {"column": portal["xxbstb"].pk, "request_key": "k1"},
        )
    article = Article.objects.get(source_notice=notice)
    assert taken.url == f"/portal/desk/a/{article.pk}/"
    assert (article.item, article.source_unit, article.title) == (None, world.county, TITLE)
    assert article.body == (
        f"现将2026年3月各单位政务信息报送采用情况通报如下（{notice.doc_number}）。"
    )
    # The desk no longer offers it; the article page shows the table to be published.
    assert TITLE not in desk.get("/portal/desk/").content.decode().split("待发布")[0]
    edit = desk.get(f"/portal/desk/a/{article.pk}/").content.decode()
    assert "通报统计表（随文发布，内容以签发的通报为准，不可修改）" in edit
    # Same review as any article: no publishing before the 保密审查.
    with pytest.raises(ValidationError) as refused:
        services.article_publish(actor=world.county_web, article_id=article.pk)
    assert refused.value.messages == ["未经保密审查，不能发布。"]
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    services.article_publish(actor=world.county_web, article_id=article.pk)

    html = client.get(f"/portal/a/{article.pk}/").content.decode()
    assert '<caption id="figures-caption">2026年3月各单位政务信息报送采用情况</caption>' in html
    rows = {row["unit"]: row for row in notice.content["rows"]}
    town = rows["城关镇"]
    assert (
        f'<tr><td>{town["group"]}</td><td class="num">{town["rank"]}</td>'
        '<th scope="row">城关镇</th>'
        f'<td class="num">{town["submitted"]}</td><td class="num">{town["adopted"]}</td>'
        '<td class="num">12</td></tr>'
    ) in html
    assert "本期无信息被采用的单位：" in html and "河口乡" in html
    assert f"来源：{world.county.name}" in html
    for name, response in _pages(client, article).items():
        assert f"/portal/a/{article.pk}/" in response.content.decode(), name

    services.article_withdraw(actor=world.county_web, article_id=article.pk, reason="数据更正")
    for name, response in _pages(client, article).items():
        assert f"/portal/a/{article.pk}/" not in response.content.decode(), name
    assert client.get(f"/portal/a/{article.pk}/").status_code == 410


def test_only_issued_monthly_notices_once_by_the_portal_editor(world, events, scored, portal):
    notice = _issue(world)
    with clock.frozen_at(APRIL_1):
        draft = circulars.circular_prepare(
            actor=world.county_editor, office=world.county, kind=Kind.SCORING_MONTH,
            year=2026, number=2,
        )  # fmt: skip
    column = portal["xxbstb"].pk
    with pytest.raises(ValidationError) as refused:
        services.article_from_notice(
            actor=world.county_web, office=world.county, notice_id=draft.pk, column_id=column
        )
    assert refused.value.messages == ["只有已签发的月度信息通报才能发布到网站。"]
    # The chief reads the desk but does not publish; the bulletin editor has no desk.
    for actor, denied in ((world.county_chief, PermissionDenied), (world.county_editor, Http404)):
        with pytest.raises(denied):
            services.article_from_notice(
                actor=actor, office=world.county, notice_id=notice.pk, column_id=column
            )
    services.article_from_notice(
        actor=world.county_web, office=world.county, notice_id=notice.pk, column_id=column
    )
    with pytest.raises(ValidationError) as again:
        services.article_from_notice(
            actor=world.county_web, office=world.county, notice_id=notice.pk, column_id=column
        )
    assert again.value.messages == ["这期通报已经选入网站。"]
    assert list(services.notices_to_publish(world.county)) == []


def test_an_article_has_exactly_one_source(world, events, scored, portal):
    notice = _issue(world)
    item = public_item(world)
    fields = {
        "office": world.county,
        "column": portal["xxbstb"],
        "source_unit": world.county,
        "source_title": "标题",
        "source_body": "正文",
        "title": "标题",
        "body": "正文",
        "state": ArticleState.DRAFT,
    }
    for sources in ({}, {"item": item, "source_notice": notice}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.create(**fields, **sources)
