"""The monthly reporting figures on the site (seed 001 范文8: 定期在网站上公布): an
issued 月度信息通报 becomes an article whose page shows the notice's frozen figures
table, through the same 保密审查 and publishing, and leaves every page, feed, search
result and the sitemap on withdrawal like any article, also when the notice itself is
withdrawn."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from govdesk.audit.models import Change
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


def _published(world, notice, column):
    article = services.article_from_notice(
        actor=world.county_web, office=world.county, notice_id=notice.pk, column_id=column.pk
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return services.article_publish(actor=world.county_web, article_id=article.pk)


def _withdraw_on_the_page(client, notice):
    url = reverse("circulars:withdraw", args=[notice.pk])
    data = {"request_key": str(uuid.uuid4()), "confirmed": "1", "reason": "数据有误"}
    assert client.post(url, data).status_code == 302


def _withdraw_through_the_api(client, notice):
    url = f"/api/circulars/{notice.pk}/withdraw"
    response = client.post(url, {"reason": "数据有误"}, content_type="application/json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("withdraw", [_withdraw_on_the_page, _withdraw_through_the_api])
def test_withdrawing_the_notice_withdraws_its_article_and_reissuing_does_not_republish(
    world, events, scored, portal, client, login, withdraw
):
    notice = _issue(world)
    article = _published(world, notice, portal["xxbstb"])
    assert f"/portal/a/{article.pk}/" in client.get("/portal/").content.decode()

    chief = login(world.county_chief)
    # The confirmation says the article goes too (the page's own step; the API has none).
    asked = chief.post(
        reverse("circulars:withdraw", args=[notice.pk]),
        {"request_key": str(uuid.uuid4()), "reason": "数据有误"},
    ).content.decode()
    assert "门户网站上据本通报发布的文章将同时撤稿，公众不再能看到。" in asked
    withdraw(chief, notice)
    article.refresh_from_db()
    assert (article.state, article.withdraw_reason) == (
        ArticleState.WITHDRAWN,
        f"来源通报{notice.doc_number}已撤回：数据有误",
    )
    # The desk's own 撤稿: its change-log code, by the system, after the notice's.
    change = Change.objects.filter(action="portal.withdrawn", target_id=article.pk).get()
    assert (change.actor, change.summary) == (None, f"撤稿：《{TITLE}》")
    assert change.pk > Change.objects.get(action="circular.withdraw", target_id=notice.pk).pk
    for name, response in _pages(client, article).items():
        assert f"/portal/a/{article.pk}/" not in response.content.decode(), name
    assert client.get(f"/portal/a/{article.pk}/").status_code == 410

    # A new notice for the period is the desk's to take again: nothing goes up by itself.
    reissued = _issue(world, number="某县人民政府办公室信息通〔2026〕2号")
    assert list(services.notices_to_publish(world.county)) == [reissued]
    assert not Article.objects.filter(source_notice=reissued).exists()
    assert Article.objects.get(pk=article.pk).state == ArticleState.WITHDRAWN
    assert f"/portal/a/{article.pk}/" not in client.get("/portal/").content.decode()


def test_an_article_not_yet_published_cannot_go_up_once_its_notice_is_withdrawn(
    world, events, scored, portal
):
    notice = _issue(world)
    column = portal["xxbstb"].pk
    article = services.article_from_notice(
        actor=world.county_web, office=world.county, notice_id=notice.pk, column_id=column
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    with clock.frozen_at(APRIL_1):
        services.article_publish(
            actor=world.county_web, article_id=article.pk, at=APRIL_1 + timedelta(hours=2)
        )
        circulars.circular_withdraw(
            actor=world.county_chief, circular_id=notice.pk, reason="数据有误"
        )
    article.refresh_from_db()
    assert article.state == ArticleState.SCHEDULED
    assert services.release_problems(article) == ["来源通报已撤回，不能发布。"]
    with clock.frozen_at(APRIL_1 + timedelta(hours=3)):
        assert services.articles_publish_due() == 0
    with pytest.raises(ValidationError) as refused:
        services.article_publish(actor=world.county_web, article_id=article.pk)
    assert refused.value.messages == ["来源通报已撤回，不能发布。"]
    assert Article.objects.get(pk=article.pk).published_at is None
