"""Units, publications and adoptions through the API."""

import pytest
from django.utils import timezone

from govdesk.items import services

pytestmark = pytest.mark.django_db


def names(response, key="name"):
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["items"] if isinstance(body, dict) else body
    return [row[key] for row in rows]


def test_units_search_by_chinese_pinyin_and_initials(world, login):
    client = login(world.county_editor)
    for query in ("城关", "chengguan", "cgz"):
        assert names(client.get("/api/units", {"q": query})) == ["城关镇人民政府"], query
    everything = client.get("/api/units").json()
    assert everything["count"] == 4  # the county office and the units reporting to it
    assert everything["items"][0]["name"] == "某县人民政府办公室"
    assert {u["name"] for u in everything["items"][1:]} == {
        "城关镇人民政府",
        "河口乡人民政府",
        "县应急管理局",
    }
    unit = next(u for u in everything["items"] if u["id"] == world.town_a.pk)
    assert unit["parent_id"] == world.county.pk
    assert unit["kind_label"] == "乡镇/街道"
    assert unit["is_office"] is False
    county = next(u for u in everything["items"] if u["id"] == world.county.pk)
    assert county["parent_id"] == world.city.pk


def test_units_are_limited_to_the_viewers_jurisdiction(world, login):
    client = login(world.a_officer)
    assert names(client.get("/api/units")) == ["城关镇人民政府"]
    assert names(client.get("/api/units", {"q": "河口"})) == []
    assert names(login(world.outsider).get("/api/units")) == []


def test_publications_with_columns_and_kinds_for_the_viewers_offices(world, login):
    body = login(world.county_editor).get("/api/publications").json()
    assert [p["name"] for p in body] == ["快讯", "专报信息"]
    kuaixun = body[0]
    assert kuaixun["office"] == {"id": world.county.pk, "name": "某县人民政府办公室"}
    assert [c["name"] for c in kuaixun["columns"]] == ["工作简况"]
    assert [k["label"] for k in kuaixun["columns"][0]["adoption_kinds"]] == ["综合", "简要", "约稿"]
    assert [k["value"] for k in body[1]["adoption_kinds"]] == ["special", "comprehensive"]


def test_publications_of_the_superior_office_for_a_township(world, login):
    assert names(login(world.a_officer).get("/api/publications")) == ["快讯", "专报信息"]


def test_publications_of_other_offices_are_not_listed(world, login):
    assert names(login(world.city_editor).get("/api/publications")) == []
    assert names(login(world.outsider).get("/api/publications")) == []


def adopt(world, item, publication=None, kind="special"):
    return services.item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=publication or world.zhuanbao,
        column=None,
        kind=kind,
    )


def test_adoptions_only_of_visible_items(world, login):
    a = world.submitted()
    b = world.submitted(by=world.b_officer, unit=world.town_b, title="河口乡完成春耕备耕")
    adopt(world, a)
    adopt(world, b)

    assert names(login(world.a_officer).get("/api/adoptions"), "id") == [a.adoptions.get().pk]
    editor = login(world.county_editor)
    assert len(names(editor.get("/api/adoptions"), "id")) == 2
    assert names(editor.get("/api/adoptions", {"unit": world.town_b.pk}), "id") == [
        b.adoptions.get().pk
    ]
    assert names(editor.get("/api/adoptions", {"publication": world.kuaixun.pk}), "id") == []
    assert names(login(world.outsider).get("/api/adoptions"), "id") == []


def test_adoptions_date_range(world, login):
    item = world.submitted()
    adoption = adopt(world, item)
    day = timezone.localdate(adoption.adopted_at).isoformat()  # the office's calendar day
    client = login(world.county_editor)
    assert len(names(client.get("/api/adoptions", {"date_from": day, "date_to": day}), "id")) == 1
    assert names(client.get("/api/adoptions", {"date_from": "2999-01-01"}), "id") == []
