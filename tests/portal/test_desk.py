"""The portal desk: a refused correction keeps what was typed; stale columns are
warned before and after their limit; the month's quota table counts per unit."""

from datetime import timedelta

from django.utils import timezone

from govdesk.lib import clock
from govdesk.portal import services
from tests.fixtures.portal import public_item


def _published(world, portal, column="xzdt", **fields):
    item = public_item(world, **fields)
    article = services.article_prepare(
        actor=world.county_web, item_id=item.pk, column_id=portal[column].pk
    )
    services.article_confirm_secrecy(actor=world.county_web, article_id=article.pk)
    return services.article_publish(actor=world.county_web, article_id=article.pk)


def test_refused_correction_keeps_the_typed_text(world, portal, login):
    article = _published(world, portal)
    page = login(world.county_web).post(
        f"/portal/desk/a/{article.pk}/correct/",
        {"title": article.title, "body": "改过的正文：全镇落实防汛责任人38名。", "note": ""},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "未经保密审查，不能发布。" in html
    assert "改过的正文：全镇落实防汛责任人38名。" in html
    article.refresh_from_db()
    assert "38名" not in article.body


def test_stale_columns_are_warned(world, portal, login):
    published = clock.now() - timedelta(days=12)
    with clock.frozen_at(published):
        _published(world, portal)
    html = login(world.county_chief).get("/portal/desk/").content.decode()
    due = timezone.localtime(published + timedelta(days=14)).strftime("%Y-%m-%d")
    assert f"栏目“乡镇动态”将于 {due} 超过更新时限" in html
    assert "栏目“政务信息”已超过更新时限（14 天），尚无文章。" in html
    assert "栏目“通知公告”已超过更新时限（180 天），尚无文章。" in html


def test_quota_table_counts_the_month(world, portal, login):
    _published(world, portal, title="城关镇召开防汛工作部署会")
    public_item(world, title="城关镇举办农产品展销会")
    html = login(world.county_web).get("/portal/desk/").content.decode()
    row = html[html.index("<td>城关镇人民政府</td>") :].split("</tr>")[0]
    assert row.replace(" ", "") == "<td>城关镇人民政府</td><td>2</td><td>1</td><td><b>2</b></td>"
