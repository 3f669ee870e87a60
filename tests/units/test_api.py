"""Unit categories, 条块 counterparts, a point's county and publications above the
deployment through the API: the same services and the same policy as the pages."""

import pytest

from govdesk.publications.models import Publication
from govdesk.scoring.models import PointCounty
from govdesk.units.models import UnitCategory
from govdesk.units.services import unit_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(world):
    return unit_create(
        actor=None, parent=world.county, name="城关镇基层信息直报点", kind="grassroots"
    )


def put(client, url, body):
    return client.put(url, body, content_type="application/json")


def test_an_administrator_sets_a_category_and_reads_it_back(world, login):
    client = login(world.county_admin)
    response = put(client, f"/api/units/{world.town_a.pk}/categories/2026", {"category": "a"})
    assert response.status_code == 200, response.content
    assert response.json()["categories"] == [{"year": 2026, "category": "A", "note": ""}]
    assert UnitCategory.objects.get(unit=world.town_a).category == "A"
    listed = client.get(f"/api/units/{world.town_a.pk}/categories").json()
    assert listed == [{"year": 2026, "category": "A", "note": ""}]


def test_an_editor_reads_categories_but_may_not_set_them(world, login):
    client = login(world.county_editor)
    assert client.get(f"/api/units/{world.town_a.pk}").status_code == 200
    response = put(client, f"/api/units/{world.town_a.pk}/categories/2026", {"category": "A"})
    assert response.status_code == 403
    assert response.json() == {"detail": "您没有执行此操作的权限。"}
    assert not UnitCategory.objects.exists()


def test_a_unit_outside_ones_jurisdiction_is_not_found(world, offices, login):
    client = login(world.other_admin)
    response = put(client, f"/api/units/{world.town_a.pk}/categories/2026", {"category": "A"})
    assert response.status_code == 404
    assert response.json() == {"detail": "单位不存在，或您无权查看。"}


def test_a_year_out_of_range_is_a_chinese_422(world, login):
    response = put(
        login(world.county_admin),
        f"/api/units/{world.town_a.pk}/categories/1900",
        {"category": "A"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"year": ["不能小于 2000。"]}


def test_counterpart_and_county_of_a_point(world, point, login):
    client = login(world.county_admin)
    response = put(client, f"/api/units/{point.pk}/counterpart", {"counterpart_id": world.dept.pk})
    assert response.status_code == 200, response.content
    assert response.json()["counterpart"] == {"id": world.dept.pk, "name": "县应急管理局"}
    refused = put(client, f"/api/units/{point.pk}/counterpart", {"counterpart_id": world.town_a.pk})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "“城关镇人民政府”不是启用的部门，不能作为对口上级部门。"
    hidden = put(
        client, f"/api/units/{point.pk}/counterpart", {"counterpart_id": world.city_dept.pk}
    )
    assert hidden.status_code == 422
    assert hidden.json()["errors"] == {
        "counterpart_id": [f"单位不存在，或您无权查看：{world.city_dept.pk}。"]
    }
    response = put(client, f"/api/units/{point.pk}/county", {"county_id": world.county.pk})
    assert response.status_code == 200, response.content
    assert response.json()["county"] == {"id": world.county.pk, "name": "某县人民政府办公室"}
    assert PointCounty.objects.get(point=point).county == world.county
    cleared = put(client, f"/api/units/{point.pk}/county", {"county_id": None})
    assert cleared.json()["county"] is None


def test_external_publications_are_created_listed_and_filtered_by_level(world, login):
    admin = login(world.county_admin)
    response = admin.post(
        "/api/publications/external",
        {"name": "国办要情", "level": 50, "issuer": "国务院办公厅"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["office"], body["level_label"], body["is_external"]) == (None, "国家级", True)
    listed = login(world.a_officer).get("/api/publications").json()
    assert [p["name"] for p in listed] == ["快讯", "专报信息", "国办要情"]
    national = login(world.a_officer).get("/api/publications", {"level": 50}).json()
    assert [p["name"] for p in national] == ["国办要情"]
    assert [p["level"] for p in login(world.a_officer).get("/api/publications").json()] == [
        20,
        20,
        50,
    ]


def test_external_publications_refusals(world, login):
    editor = login(world.county_editor)
    body = {"name": "信息简报", "level": 40}
    response = editor.post("/api/publications/external", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "只有管理员可以新增外部刊物。"}
    admin = login(world.county_admin)
    low = admin.post(
        "/api/publications/external", {"name": "县刊", "level": 20}, content_type="application/json"
    )
    assert low.status_code == 422
    assert low.json()["errors"]["level"] == [
        "本系统最高为市级，外部刊物须高于该层级（本系统内的刊物请在主办办公室下配置）。"
    ]
    made = admin.post("/api/publications/external", body, content_type="application/json").json()
    renamed = admin.patch(
        f"/api/publications/external/{made['id']}",
        {"issuer": "省政府办公厅"},
        content_type="application/json",
    )
    assert renamed.json()["issuer"] == "省政府办公厅"
    own = admin.patch(
        f"/api/publications/external/{world.kuaixun.pk}",
        {"name": "x"},
        content_type="application/json",
    )
    assert own.status_code == 404
    assert own.json() == {"detail": "外部刊物不存在。"}
    assert Publication.objects.get(pk=world.kuaixun.pk).name == "快讯"


def test_an_administrator_adds_renames_and_deactivates_a_unit(world, login):
    client = login(world.county_admin)
    made = client.post(
        "/api/units",
        {"parent_id": world.county.pk, "name": "县统计局", "kind": "department"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    unit = made.json()
    assert (unit["parent_id"], unit["kind_label"]) == (world.county.pk, "部门")
    renamed = client.patch(
        f"/api/units/{unit['id']}",
        {"short_name": "统计局", "is_active": False},
        content_type="application/json",
    )
    assert renamed.json()["short_name"] == "统计局"
    office = client.post(
        "/api/units",
        {"parent_id": world.county.pk, "name": "某镇政府办", "kind": "office"},
        content_type="application/json",
    )
    assert office.status_code == 422
    assert office.json()["errors"] == {"level": ["政府办公室须填写行政层级。"]}
    under_town = client.post(
        "/api/units",
        {"parent_id": world.town_a.pk, "name": "某村", "kind": "grassroots"},
        content_type="application/json",
    )
    assert under_town.json()["errors"] == {
        "parent_id": ["“城关镇人民政府”不是政府办公室，不能下设报送单位。"]
    }
    editor = login(world.county_editor).post(
        "/api/units",
        {"parent_id": world.county.pk, "name": "县审计局", "kind": "department"},
        content_type="application/json",
    )
    assert editor.status_code == 403
