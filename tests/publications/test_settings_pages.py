"""刊物与栏目 in 配置管理: the office's chief editor and administrators rename a
publication and add, rename, reorder, retire and (while unused) delete its columns on
a Chinese page; each change is in the change log under the admin's codes, a used
column can only be retired, and nobody else gets in."""

import pytest

from govdesk.audit.models import Change
from govdesk.items.services import item_adopt
from govdesk.publications.models import Column


def _changes(model: str) -> list[Change]:
    return list(Change.objects.filter(details__model=model).order_by("pk"))


@pytest.mark.parametrize("who", ["county_chief", "county_admin"])
def test_the_office_renames_its_publication(world, login, who):
    client = login(getattr(world, who))
    page = client.get("/publications/").content.decode()
    assert (
        "《快讯》" in page and "工作简况" in page and f"/publications/{world.kuaixun.pk}/" in page
    )
    url = f"/publications/{world.kuaixun.pk}/"
    response = client.post(url, {"form": "publication", "name": "《政务快讯》", "description": ""})
    assert response.status_code == 302
    world.kuaixun.refresh_from_db()
    assert world.kuaixun.name == "政务快讯"
    (change,) = _changes("publications.publication")
    assert change.action == "admin.changed" and change.actor == getattr(world, who)
    assert change.details["changes"] == {"name": ["快讯", "政务快讯"]}
    assert change.summary == "配置管理：修改刊物“《政务快讯》”"


def test_names_are_checked_in_words_and_the_typed_text_kept(world, login):
    client = login(world.county_chief)
    url = f"/publications/{world.kuaixun.pk}/"
    page = client.post(url, {"form": "publication", "name": "专报信息", "description": "内部"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "本办已有刊物《专报信息》，请换一个名称。" in html and 'value="内部"' in html
    page = client.post(url, {"form": "column", "new-name": "工作简况"})
    assert "《快讯》已有栏目“工作简况”。" in page.content.decode()
    page = client.post(url, {"form": "publication", "name": "", "description": ""})
    assert "请填写刊物名称。" in page.content.decode()
    page = client.post(
        f"/publications/columns/{world.kuaixun_work.pk}/", {"do": "rename", "name": ""}
    )
    assert "请填写栏目名称。" in client.get(page.url).content.decode()
    world.kuaixun.refresh_from_db()
    assert world.kuaixun.name == "快讯" and not _changes("publications.publication")


def test_columns_are_added_renamed_moved_and_retired(world, login):
    client = login(world.county_admin)
    url = f"/publications/{world.kuaixun.pk}/"
    assert client.post(url, {"form": "column", "new-name": "重要会议"}).status_code == 302
    meeting = Column.objects.get(publication=world.kuaixun, name="重要会议")
    assert [c.name for c in world.kuaixun.columns.order_by("sort_order")] == [
        "工作简况",
        "重要会议",
    ]
    act = f"/publications/columns/{meeting.pk}/"
    client.post(act, {"do": "up"})
    assert [c.name for c in world.kuaixun.columns.order_by("sort_order")] == [
        "重要会议",
        "工作简况",
    ]
    client.post(act, {"do": "rename", "name": "会议活动"})
    client.post(act, {"do": "retire"})
    meeting.refresh_from_db()
    assert (meeting.name, meeting.is_active) == ("会议活动", False)
    actions = [(c.action, c.details.get("changes")) for c in _changes("publications.column")]
    assert actions == [
        ("admin.added", None),
        # 工作简况 (sort order 0) goes below the new column (10): renumbered 10, 20.
        ("admin.changed", {"sort_order": [0, 20]}),
        ("admin.changed", {"name": ["重要会议", "会议活动"]}),
        ("admin.changed", {"is_active": [True, False]}),
    ]
    page = client.get(url).content.decode()
    assert "已停用" in page and "恢复启用" in page


def test_a_column_with_adoptions_is_never_deleted(world, login):
    item = world.submitted()
    item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind="brief",
    )
    client = login(world.county_chief)
    response = client.post(
        f"/publications/columns/{world.kuaixun_work.pk}/",
        {"do": "delete", "confirmed": "1"},
        follow=True,
    )
    assert (
        "栏目“工作简况”已有1条采用记录，不能删除；可以停用：停用后采用时不再出现，已有的采用和计分不变。"
        in response.content.decode()
    )
    assert Column.objects.filter(pk=world.kuaixun_work.pk).exists()
    assert not Change.objects.filter(action="admin.deleted").exists()


def test_an_unused_column_is_deleted_after_a_confirmation(world, login):
    spare = Column.objects.create(publication=world.kuaixun, name="备用栏目", sort_order=90)
    client = login(world.county_chief)
    url = f"/publications/columns/{spare.pk}/"
    page = client.post(url, {"do": "delete"}).content.decode()
    assert "栏目“备用栏目”从《快讯》中删除，不能恢复。" in page
    assert Column.objects.filter(pk=spare.pk).exists()
    client.post(url, {"do": "delete", "confirmed": "1"})
    assert not Column.objects.filter(pk=spare.pk).exists()
    (change,) = _changes("publications.column")
    assert change.action == "admin.deleted" and change.details["name"] == "备用栏目"


@pytest.mark.parametrize(
    "who", ["county_editor", "county_leader", "county_duty", "a_officer", "outsider", "city_editor"]
)
def test_no_one_else_changes_a_publication(world, login, who):
    client = login(getattr(world, who))
    assert client.get("/publications/").status_code == 403
    assert client.get(f"/publications/{world.kuaixun.pk}/").status_code == 403
    response = client.post(f"/publications/columns/{world.kuaixun_work.pk}/", {"do": "retire"})
    assert response.status_code == 403
    post = {"form": "publication", "name": "改名", "description": ""}
    assert client.post(f"/publications/{world.kuaixun.pk}/", post).status_code == 403
    world.kuaixun_work.refresh_from_db()
    world.kuaixun.refresh_from_db()
    assert world.kuaixun_work.is_active and world.kuaixun.name == "快讯"
    assert not Change.objects.filter(action__startswith="admin.").exists()
