"""From 主动公开 to the public site and off it again: the 保密审查 cannot be skipped,
and 撤稿 removes the article from the home page, its column, the feed, search and the
sitemap at once, its URL answering 410."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.portal import services
from govdesk.portal.models import ArticleState
from govdesk.quality.services import lexicon_set
from tests.fixtures.portal import public_item

TITLE = "城关镇召开防汛工作部署会"


def _prepared(world, portal, **fields):
    item = public_item(world, **fields)
    return services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )


def _published(world, portal, **fields):
    article = _prepared(world, portal, **fields)
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return services.article_publish(actor=world.county_web, article_id=article.pk)


def _public_pages(client, article):
    return {
        "home": client.get("/portal/"),
        "column": client.get(f"/portal/c/{article.column.slug}/"),
        "feed": client.get("/portal/feed/"),
        "column_feed": client.get(f"/portal/c/{article.column.slug}/feed/"),
        "search": client.get("/portal/search/", {"q": "防汛 部署"}),
        "sitemap": client.get("/portal/sitemap.xml"),
    }


def test_publish_refused_without_secrecy_review(world, portal):
    article = _prepared(world, portal)
    with pytest.raises(ValidationError) as refused:
        services.article_publish(actor=world.county_web, article_id=article.pk)
    assert refused.value.messages == ["未经保密审查，不能发布。"]
    article.refresh_from_db()
    assert article.state == ArticleState.DRAFT


def test_anonymous_visitor_finds_it_then_withdrawal_removes_it_everywhere(world, portal, client):
    article = _published(world, portal)
    assert article.secrecy_checked_by == world.county_web
    for name, response in _public_pages(client, article).items():
        assert response.status_code == 200, name
        assert TITLE in response.content.decode() or f"/portal/a/{article.pk}/" in (
            response.content.decode()
        ), name
    page = client.get(f"/portal/a/{article.pk}/")
    assert page.status_code == 200
    assert "来源：城关镇人民政府" in page.content.decode()
    assert page["Cache-Control"] == "public, max-age=60"
    assert page.has_header("ETag") and page.has_header("Last-Modified")

    services.article_withdraw(actor=world.county_web, article_id=article.pk, reason="数据有误")
    for name, response in _public_pages(client, article).items():
        assert TITLE not in response.content.decode(), name
        assert f"/portal/a/{article.pk}/" not in response.content.decode(), name
    gone = client.get(f"/portal/a/{article.pk}/")
    assert gone.status_code == 410
    assert "文章已撤下" in gone.content.decode()
    article.refresh_from_db()
    assert (article.state, article.withdraw_reason) == (ArticleState.WITHDRAWN, "数据有误")
    actions = list(
        Change.objects.filter(target_id=article.pk, action__startswith="portal.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.prepared",
        "portal.secrecy_reviewed",
        "portal.published",
        "portal.withdrawn",
    ]


def test_not_modified_until_something_changes(world, portal, client):
    article = _published(world, portal)
    first = client.get("/portal/")
    again = client.get("/portal/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    services.article_withdraw(actor=world.county_web, article_id=article.pk, reason="重复发布")
    assert client.get("/portal/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_withdrawal_needs_a_reason(world, portal):
    article = _published(world, portal)
    with pytest.raises(ValidationError) as refused:
        services.article_withdraw(actor=world.county_web, article_id=article.pk, reason=" ")
    assert refused.value.messages == ["撤稿须填写原因。"]


def test_items_not_marked_active_are_not_taken(world, portal):
    item = world.submitted()  # 不予公开 by default
    with pytest.raises(ValidationError) as refused:
        services.article_prepare(
            actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
        )
    assert refused.value.messages == ["只有公开属性为“主动公开”的信息才能上网发布。"]


def test_classification_word_in_the_public_text_stops_publication(world, portal):
    article = _prepared(world, portal)
    lexicon_set(actor=world.county_editor, word="内部资料", severity="block", reason="密级标志")
    services.article_edit(
        actor=world.county_web,
        article_id=article.pk,
        title=article.title,
        body=article.body + "（内部资料）",
        column_id=article.column_id,
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    with pytest.raises(ValidationError) as refused:
        services.article_publish(actor=world.county_web, article_id=article.pk)
    assert refused.value.messages == ["不能报送：含有“内部资料”——密级标志"]


def test_public_version_edit_leaves_the_item_and_asks_for_a_new_review(world, portal):
    article = _prepared(world, portal)
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    services.article_edit(
        actor=world.county_web,
        article_id=article.pk,
        title="城关镇部署今年防汛工作",
        body=article.body,
        column_id=portal["zwxx"].pk,
    )
    article.refresh_from_db()
    article.item.refresh_from_db()
    assert article.item.title == TITLE
    assert (article.source_title, article.title) == (TITLE, "城关镇部署今年防汛工作")
    assert article.column == portal["zwxx"]
    assert article.secrecy_checked_at is None


def test_scheduled_article_goes_online_when_due(world, portal, client):
    article = _prepared(world, portal)
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    at = clock.now() + timedelta(hours=2)
    services.article_publish(actor=world.county_web, article_id=article.pk, at=at)
    assert services.articles_publish_due() == 0
    assert client.get(f"/portal/a/{article.pk}/").status_code == 404
    with clock.frozen_at(at + timedelta(minutes=1)):
        assert services.articles_publish_due() == 1
    assert client.get(f"/portal/a/{article.pk}/").status_code == 200


def test_correction_is_shown_with_its_date(world, portal, client):
    article = _published(world, portal)
    services.article_correct(
        actor=world.county_web,
        article_id=article.pk,
        title=article.title,
        body=article.body.replace("36名", "38名"),
        note="防汛责任人人数更正为38名。",
        secrecy_confirmed=True,
    )
    page = client.get(f"/portal/a/{article.pk}/").content.decode()
    assert "更正说明" in page and "防汛责任人人数更正为38名。" in page
    assert "38名" in page
    assert Change.objects.filter(action="portal.corrected", target_id=article.pk).exists()
