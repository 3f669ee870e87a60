"""A publication's settings through the API: its name, its columns and its default
distribution, for its office's chief editor and administrators
(``publication.configure``), logged under the same codes as the pages."""

import pytest

from govdesk.audit.models import Change
from govdesk.publications.models import Column

pytestmark = pytest.mark.django_db
JSON = "application/json"


def url(world, rest=""):
    return f"/api/publications/{world.kuaixun.pk}/settings{rest}"


def test_the_chief_renames_and_arranges_the_columns(world, login):
    chief = login(world.county_chief)
    renamed = chief.patch(
        url(world), {"name": "《政务快讯》", "description": "每周"}, content_type=JSON
    )
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["name"], renamed.json()["description"]) == ("政务快讯", "每周")
    added = chief.post(url(world, "/columns"), {"name": "基层动态"}, content_type=JSON)
    assert added.status_code == 201
    new = added.json()["id"]
    moved = chief.post(url(world, f"/columns/{new}/move"), {"direction": "up"}, content_type=JSON)
    assert [c["name"] for c in moved.json()] == ["基层动态", "工作简况"]
    retired = chief.patch(
        url(world, f"/columns/{world.kuaixun_work.pk}"), {"is_active": False}, content_type=JSON
    )
    assert retired.json()["is_active"] is False
    restored = chief.patch(
        url(world, f"/columns/{world.kuaixun_work.pk}"),
        {"is_active": True, "name": "工作动态"},
        content_type=JSON,
    )
    assert (restored.json()["name"], restored.json()["is_active"]) == ("工作动态", True)
    shown = chief.get(url(world)).json()
    assert [(c["name"], c["sort_order"]) for c in shown["columns"]] == [
        ("基层动态", 10),
        ("工作动态", 20),
    ]
    logged = Change.objects.filter(actor=world.county_chief, action__startswith="admin.")
    assert (
        logged.filter(action="admin.added").get().summary
        == "配置管理：新增栏目“《政务快讯》·基层动态”"
    )
    # the publication, the one column renumbered by the move, the retirement, the restoring
    assert logged.filter(action="admin.changed").count() == 4
    deleted = chief.delete(url(world, f"/columns/{new}"))
    assert deleted.status_code == 200
    assert logged.filter(action="admin.deleted").count() == 1


def test_the_default_distribution(world, login):
    admin = login(world.county_admin)
    body = {
        "send_users": [world.county_leader.pk],
        "send_units": [world.city.pk],
        "copy_units": [world.town_a.pk],
    }
    saved = admin.put(url(world, "/distribution"), body, content_type=JSON)
    assert saved.status_code == 200, saved.content
    answer = saved.json()
    assert [u["full_name"] for u in answer["default_send_users"]] == ["黄志强"]
    assert [u["name"] for u in answer["default_copy_units"]] == ["城关镇人民政府"]
    change = Change.objects.get(action="publication.distribution_set")
    assert change.actor == world.county_admin
    outside = admin.put(
        url(world, "/distribution"), {"copy_units": [world.city_dept.pk]}, content_type=JSON
    )
    assert outside.status_code == 422
    assert outside.json()["errors"] == {
        "copy_units": ["只能选择本办领导，以及上级办公室和本办下属单位。"]
    }


def test_column_changes_are_checked_in_chinese(world, login):
    chief = login(world.county_chief)
    blank = chief.post(url(world, "/columns"), {"name": " 《》 "}, content_type=JSON)
    assert blank.status_code == 422
    assert blank.json() == {"detail": "请填写栏目名称。", "errors": {"name": ["请填写栏目名称。"]}}
    twice = chief.post(url(world, "/columns"), {"name": "工作简况"}, content_type=JSON)
    assert twice.json()["errors"] == {"name": ["《快讯》已有栏目“工作简况”。"]}
    wrong = chief.post(
        url(world, f"/columns/{world.kuaixun_work.pk}/move"),
        {"direction": "left"},
        content_type=JSON,
    )
    assert wrong.json()["errors"] == {"direction": ["取值无效，可选值：up、down。"]}
    other = chief.patch(
        f"/api/publications/{world.zhuanbao.pk}/settings/columns/{world.kuaixun_work.pk}",
        {"name": "x"},
        content_type=JSON,
    )
    assert other.status_code == 404
    assert other.json() == {"detail": "栏目不存在，或不属于该刊物。"}
    assert Column.objects.get().name == "工作简况"
    assert not Change.objects.filter(action__startswith="admin.").exists()


@pytest.mark.parametrize("who", ["county_editor", "county_leader", "a_officer", "city_editor"])
def test_others_may_not_configure_the_publication(world, login, who):
    client = login(world.people[who])
    for response in (
        client.get(url(world)),
        client.patch(url(world), {"name": "改名"}, content_type=JSON),
        client.post(url(world, "/columns"), {"name": "新栏目"}, content_type=JSON),
        client.put(url(world, "/distribution"), {}, content_type=JSON),
    ):
        assert response.status_code == 403, who
        assert response.json() == {"detail": "您没有执行此操作的权限。"}
    assert not Change.objects.filter(action__startswith="admin.").exists()
