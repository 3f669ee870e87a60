"""The portal desk through the API (/api/portal/): the same services and policy as the
desk's pages — the 保密审查 cannot be skipped, withdrawal needs a reason and answers
410 on the site, and only the office's 网站编辑 writes."""

from datetime import timedelta

import pytest
from django.test import Client

from govdesk.audit.models import Change
from govdesk.lib import clock
from govdesk.portal.models import Article, ArticleState
from tests.fixtures.portal import public_item

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_storage")]
JSON = "application/json"


def post(client, url, data=None):
    return client.post(url, data if data is not None else {}, content_type=JSON)


def test_take_review_publish_correct_and_withdraw(world, portal, login, client):
    item = public_item(world, title="城关镇召开防汛工作部署会")
    web = login(world.county_web)
    candidates = web.get("/api/portal/candidates").json()
    assert [(c["id"], c["title"], c["sent_alone"]) for c in candidates] == [
        (item.pk, "城关镇召开防汛工作部署会", False)
    ]
    created = post(
        web, "/api/portal/articles", {"item_id": item.pk, "column_id": portal["xzdt"].pk}
    )
    assert created.status_code == 201, created.content
    article = created.json()
    assert (article["item_id"], article["column"], article["state_label"]) == (
        item.pk,
        "乡镇动态",
        "待发布",
    )
    assert article["problems"] == ["未经保密审查，不能发布。"]
    url = f"/api/portal/articles/{article['id']}"
    refused = post(web, f"{url}/publish")
    assert refused.status_code == 422
    assert refused.json()["detail"] == "未经保密审查，不能发布。"

    edited = web.patch(
        url,
        {"title": "城关镇部署防汛工作", "body": item.body, "column_id": portal["zwxx"].pk},
        content_type=JSON,
    )
    assert edited.status_code == 200
    assert (edited.json()["title"], edited.json()["column"]) == ("城关镇部署防汛工作", "政务信息")
    reviewed = post(web, f"{url}/secrecy-review").json()
    assert reviewed["secrecy_checked_by"]["id"] == world.county_web.pk
    assert reviewed["problems"] == []
    published = post(web, f"{url}/publish", {"publish_at": None})
    assert published.status_code == 200 and published.json()["state_label"] == "已发布"
    assert "城关镇部署防汛工作" in client.get("/portal/").content.decode()
    item.refresh_from_db()
    assert item.title == "城关镇召开防汛工作部署会"  # the internal item is untouched

    corrected = post(
        web,
        f"{url}/correct",
        {"title": "城关镇部署防汛工作", "body": item.body + "（更正）", "note": "补充说明",
         "secrecy_confirmed": True},
    )  # fmt: skip
    assert corrected.status_code == 200 and corrected.json()["correction_note"] == "补充说明"
    no_reason = post(web, f"{url}/withdraw", {"reason": " "})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"] == "撤稿须填写原因。"
    withdrawn = post(web, f"{url}/withdraw", {"reason": "数据有误"})
    assert withdrawn.json()["state_label"] == "已撤稿"
    assert client.get(f"/portal/a/{article['id']}/").status_code == 410
    assert list(
        Change.objects.filter(target_id=article["id"], action__startswith="portal.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "portal.prepared",
        "portal.edited",
        "portal.secrecy_reviewed",
        "portal.published",
        "portal.corrected",
        "portal.withdrawn",
    ]


def test_publish_at_a_set_time(world, portal, login):
    item = public_item(world)
    web = login(world.county_web)
    article = post(
        web, "/api/portal/articles", {"item_id": item.pk, "column_id": portal["xzdt"].pk}
    ).json()
    url = f"/api/portal/articles/{article['id']}"
    post(web, f"{url}/secrecy-review")
    when = (clock.now() + timedelta(hours=2)).isoformat()
    scheduled = post(web, f"{url}/publish", {"publish_at": when}).json()
    assert scheduled["state_label"] == "定时发布" and scheduled["publish_at"] is not None
    assert web.get("/api/portal/articles").json()[0]["state"] == ArticleState.SCHEDULED


def test_only_the_offices_portal_editor_writes(world, portal, login):
    item = public_item(world)
    body = {"item_id": item.pk, "column_id": portal["xzdt"].pk}
    # The chief reads the desk but does not publish.
    chief = login(world.county_chief)
    assert chief.get("/api/portal/candidates").status_code == 200
    assert post(chief, "/api/portal/articles", body).status_code == 403
    # Nobody else has a desk: the bulletin editor, a township officer, anonymous.
    for user in (world.county_editor, world.a_officer):
        answer = login(user).get("/api/portal/candidates")
        assert (answer.status_code, answer.json()["detail"]) == (404, "您不在门户网站编辑台工作。")
    assert Client().get("/api/portal/candidates").status_code == 401
    article = post(login(world.county_web), "/api/portal/articles", body).json()
    # The city's portal editor neither sees the county's article nor takes its items.
    city = login(world.city_web)
    assert city.get(f"/api/portal/articles/{article['id']}").status_code == 404
    assert post(city, f"/api/portal/articles/{article['id']}/secrecy-review").status_code == 404
    other = public_item(world, title="另一条")
    assert post(city, "/api/portal/articles", {**body, "item_id": other.pk}).status_code == 404
    assert Article.objects.count() == 1


def test_one_source_at_a_time(world, portal, login):
    item = public_item(world)
    answer = post(
        login(world.county_web),
        "/api/portal/articles",
        {"item_id": item.pk, "notice_id": 1, "column_id": portal["xzdt"].pk},
    )
    assert (answer.status_code, answer.json()["detail"]) == (
        422,
        "请在 item_id 和 notice_id 中选择一项。",
    )
