"""/api/public/: no login, published articles only, withdrawn ones 410, cacheable."""

from govdesk.portal import services
from tests.fixtures.portal import public_item


def _published(world, portal, title):
    item = public_item(world, title=title)
    article = services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal["xzdt"].pk
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return services.article_publish(actor=world.county_web, article_id=article.pk)


def test_published_articles_without_login(world, portal, client):
    shown = _published(world, portal, "城关镇召开防汛工作部署会")
    drafted = services.article_prepare(
        actor=world.county_web,
        item_id=public_item(world, title="城关镇举办农产品展销会").pk,
        column_id=portal["xzdt"].pk,
    )
    listing = client.get("/api/public/articles", {"column": "xzdt"})
    assert listing.status_code == 200
    assert listing["Cache-Control"] == "public, max-age=60"
    data = listing.json()
    assert data["count"] == 1
    assert data["items"][0]["title"] == "城关镇召开防汛工作部署会"
    assert data["items"][0]["source_unit"] == "城关镇人民政府"
    assert data["items"][0]["url"] == f"/portal/a/{shown.pk}/"
    assert client.get(f"/api/public/articles/{drafted.pk}").status_code == 404
    detail = client.get(f"/api/public/articles/{shown.pk}").json()
    assert "全镇12个村" in detail["body"]

    services.article_withdraw(actor=world.county_web, article_id=shown.pk, reason="重复发布")
    gone = client.get(f"/api/public/articles/{shown.pk}")
    assert (gone.status_code, gone.json()["detail"]) == (410, "该文章已撤下。")
    assert client.get("/api/public/articles").json()["count"] == 0


def test_columns_and_openapi(world, portal, client):
    names = [c["name"] for c in client.get("/api/public/columns").json()]
    assert names[:3] == ["政务信息", "乡镇动态", "部门动态"]
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/public/articles" in paths
    assert "/api/public/articles/{article_id}" in paths
