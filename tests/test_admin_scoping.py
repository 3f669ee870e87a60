"""The configuration admin: a county administrator sees and changes only the county's
tree, role changes go through the membership services, and everything is audited."""

import pytest
from django.contrib.admin.utils import label_for_field
from django.core import mail

from govdesk.accounts.models import ApiToken, Membership, Role, User
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.items.services import item_adopt, item_forward
from govdesk.publications.models import Column, Publication
from govdesk.units.models import Level, Unit, UnitCategory


@pytest.fixture
def county_admin(world):
    """The county administrator, made staff the way the services do it."""
    membership_grant(actor=None, user=world.county_admin, unit=world.county, role=Role.ADMIN)
    world.county_admin.refresh_from_db()
    return world.county_admin


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.gov.cn", "Zhengwu#2026")


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_non_staff_cannot_enter_the_admin(world, login):
    response = login(world.a_officer).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_index_shows_the_county_admin_their_configuration(county_admin, login):
    page = login(county_admin).get("/admin/").content.decode()
    for label in ("单位", "单位考核类别", "用户", "接口令牌", "刊物", "采用记录"):
        assert label in page
    assert "操作日志" not in page  # spans every jurisdiction: superusers only
    assert "组" not in page  # Django groups are not used


def test_a_chief_editor_without_admin_role_configures_nothing_here(world, login):
    membership_grant(actor=None, user=world.county_chief, unit=world.county, role=Role.CHIEF)
    response = login(world.county_chief).get("/admin/units/unit/")
    assert response.status_code == 403


def test_county_admin_sees_the_county_tree_not_the_city(world, county_admin, login):
    client = login(county_admin)
    top = client.get("/admin/units/unit/")
    assert top.status_code == 200
    assert [u.name for u in top.context["cl"].result_list] == ["某县人民政府办公室"]
    children = client.get(f"/admin/units/unit/children/{world.county.pk}/").json()
    assert "市应急管理局" not in children["result_html"]
    shown = [int(node["node-id"]) for node in children["tree_context"]]
    assert shown == [world.town_a.pk, world.town_b.pk, world.dept.pk]  # in the tree's order

    found = client.get("/admin/units/unit/", {"q": "yingji"})
    assert [u.name for u in found.context["cl"].result_list] == ["县应急管理局"]
    assert [
        u.name for u in client.get("/admin/units/unit/", {"q": "cgz"}).context["cl"].result_list
    ] == ["城关镇人民政府"]

    # The city's own units cannot be opened, changed or deleted.
    for path in (
        f"/admin/units/unit/{world.city_dept.pk}/change/",
        f"/admin/units/unit/{world.city_dept.pk}/delete/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404)
        assert "市应急管理局" not in response.content.decode()


def test_superuser_sees_everything(world, superuser, login):
    client = login(superuser)
    top = client.get("/admin/units/unit/")
    assert [u.name for u in top.context["cl"].result_list] == ["某市人民政府办公室"]
    assert client.get(f"/admin/units/unit/{world.city_dept.pk}/change/").status_code == 200


def test_adding_a_unit_goes_through_the_service_and_is_audited(world, county_admin, login):
    client = login(county_admin)
    form = client.get("/admin/units/unit/add/")
    parents = [u.name for u in form.context["adminform"].form.fields["parent"].queryset]
    assert parents == ["某县人民政府办公室"]

    data = {"parent": world.county.pk, "name": "新安镇人民政府", "short_name": "新安镇"}
    data |= {"kind": "township", "level": "", "counterpart": "", "is_active": "on"}
    response = client.post("/admin/units/unit/add/", data)
    assert response.status_code == 302
    unit = Unit.objects.get(name="新安镇人民政府")
    assert Unit.objects.get_parent(unit) == world.county
    assert Change.objects.filter(actor=county_admin, action="unit.created", target_id=unit.pk)

    # Not under the city: it is outside the jurisdiction.
    data |= {"parent": world.city.pk, "name": "市某局"}
    refused = client.post("/admin/units/unit/add/", data)
    assert refused.status_code == 200
    assert "parent" in refused.context["adminform"].form.errors
    assert not Unit.objects.filter(name="市某局").exists()


def test_changing_and_deleting_units_is_audited(world, county_admin, login):
    client = login(county_admin)
    data = {"parent": world.county.pk, "name": "城关镇人民政府", "short_name": "城关"}
    data |= {"kind": "township", "level": "", "counterpart": "", "is_active": "on"}
    assert client.post(f"/admin/units/unit/{world.town_a.pk}/change/", data).status_code == 302
    change = Change.objects.get(action="unit.changed", target_id=world.town_a.pk)
    assert change.actor == county_admin
    assert change.details["changes"] == {"short_name": ["城关镇", "城关"]}

    # An office with units under it may not become a township.
    data = {"parent": world.city.pk, "name": "某县人民政府办公室", "short_name": ""}
    data |= {"kind": "township", "level": Level.COUNTY, "counterpart": "", "is_active": "on"}
    refused = client.post(f"/admin/units/unit/{world.county.pk}/change/", data)
    assert "只能是政府办公室" in str(refused.context["adminform"].form.errors)

    leaf = Unit.objects.get(pk=world.dept.pk)
    assert client.get(f"/admin/units/unit/{world.county.pk}/delete/").status_code == 403
    response = client.post(f"/admin/units/unit/{leaf.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=leaf.pk).exists()
    assert Change.objects.filter(action="unit.deleted", target_id=leaf.pk, actor=county_admin)


def test_dragging_a_unit_outside_the_jurisdiction_is_refused(world, county_admin, login):
    client = login(county_admin)
    response = client.post(
        "/admin/units/unit/move/",
        {"node": world.town_a.pk, "target": world.city.pk, "relation": "child"},
    )
    assert response.status_code == 400
    assert Unit.objects.get_parent(Unit.objects.get(pk=world.town_a.pk)) == world.county
    moved = client.post(
        "/admin/units/unit/move/",
        {"node": world.dept.pk, "target": world.town_a.pk, "relation": "sibling"},
    )
    assert moved.status_code == 200
    children = [u.name for u in Unit.objects.get_children(world.county)]
    assert children == ["县应急管理局", "城关镇人民政府", "河口乡人民政府"]
    assert Change.objects.filter(action="unit.moved", target_id=world.dept.pk).exists()


def test_categories_are_scoped_and_audited(world, county_admin, login):
    UnitCategory.objects.create(unit=world.city_dept, year=2026, category="A")
    client = login(county_admin)
    response = client.post(
        "/admin/units/unitcategory/add/",
        {"unit": world.town_a.pk, "year": 2026, "category": "B", "note": ""},
    )
    assert response.status_code == 302
    category = UnitCategory.objects.get(unit=world.town_a)
    assert Change.objects.filter(action="admin.added", target_id=category.pk, actor=county_admin)
    listing = client.get("/admin/units/unitcategory/")
    assert [c.unit.name for c in listing.context["cl"].result_list] == ["城关镇人民政府"]
    refused = client.post(
        "/admin/units/unitcategory/add/",
        {"unit": world.city_dept.pk, "year": 2025, "category": "A", "note": ""},
    )
    assert refused.status_code == 200 and "unit" in refused.context["adminform"].form.errors


def test_users_are_scoped_to_the_jurisdiction(world, county_admin, login):
    client = login(county_admin)
    listed = {u.username for u in client.get("/admin/accounts/user/").context["cl"].result_list}
    assert {"a_officer", "b_officer", "county_editor", "county_admin"} <= listed
    assert "city_editor" not in listed and "outsider" not in listed
    found = client.get("/admin/accounts/user/", {"q": "zxm"}).context["cl"].result_list
    assert [u.username for u in found] == ["a_officer"]
    response = client.get(f"/admin/accounts/user/{world.city_editor.pk}/change/")
    assert response.status_code == 302  # "does not exist" for this administrator


def test_a_shared_account_is_visible_but_not_changeable(world, county_admin, login):
    Membership.objects.create(user=world.city_editor, unit=world.county, role=Role.EDITOR)
    response = login(county_admin).get(f"/admin/accounts/user/{world.city_editor.pk}/change/")
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_adding_a_user_with_a_role_uses_the_services(
    world, county_admin, login, django_capture_on_commit_callbacks
):
    data = {
        "username": "sunli",
        "full_name": "孙丽",
        "email": "sunli@example.gov.cn",
        "phone": "",
        **inline_management("memberships", 1),
        "memberships-0-unit": world.county.pk,
        "memberships-0-role": Role.CHIEF,
        "memberships-0-leader_level": "",
        "memberships-0-title": "科长",
        "memberships-0-is_active": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login(county_admin).post("/admin/accounts/user/add/", data)
    assert response.status_code == 302
    user = User.objects.get(username="sunli")
    assert user.must_change_password and user.is_staff  # 主编 configures in the admin
    membership = user.memberships.get()
    assert (membership.unit, membership.role, membership.title) == (world.county, "chief", "科长")
    assert Change.objects.filter(action="account.created", target_id=user.pk, actor=county_admin)
    assert Change.objects.filter(action="membership.granted", target_id=membership.pk)
    (message,) = mail.outbox
    assert message.to == ["sunli@example.gov.cn"] and "用户名：sunli" in message.body
    assert "某县人民政府办公室·主编" in message.body


def test_a_user_without_a_role_or_with_a_role_outside_is_refused(world, county_admin, login):
    client = login(county_admin)
    data = {"username": "nobody", "full_name": "无名", "email": "n@example.gov.cn", "phone": ""}
    response = client.post("/admin/accounts/user/add/", data | inline_management("memberships", 0))
    assert response.status_code == 200
    data |= inline_management("memberships", 1) | {
        "memberships-0-unit": world.city.pk,
        "memberships-0-role": Role.EDITOR,
        "memberships-0-is_active": "on",
    }
    assert client.post("/admin/accounts/user/add/", data).status_code == 200
    data |= {"memberships-0-unit": world.town_a.pk}  # an editor at a township
    response = client.post("/admin/accounts/user/add/", data)
    assert "只能设在政府办公室" in response.content.decode()
    assert not User.objects.filter(username="nobody").exists()


def test_unticking_a_role_revokes_it(world, county_admin, login):
    membership = Membership.objects.get(user=world.a_officer)
    data = {
        "username": "a_officer",
        "full_name": "张晓梅",
        "email": "",
        "phone": "",
        "is_active": "on",
        **inline_management("memberships", 2, initial=1),
        "memberships-0-id": membership.pk,
        "memberships-0-user": world.a_officer.pk,
        "memberships-0-unit": world.town_a.pk,
        "memberships-0-role": Role.OFFICER,
        "memberships-0-title": "",
        "memberships-1-user": world.a_officer.pk,
        "memberships-1-unit": world.county.pk,
        "memberships-1-role": Role.ADMIN,
        "memberships-1-is_active": "on",
    }
    response = login(county_admin).post(f"/admin/accounts/user/{world.a_officer.pk}/change/", data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active
    world.a_officer.refresh_from_db()
    assert world.a_officer.is_staff
    assert Change.objects.filter(
        action="membership.revoked", target_id=membership.pk, actor=county_admin
    )
    assert Change.objects.filter(action="membership.granted", actor=county_admin).count() == 1


def test_resetting_a_password_mails_a_new_one(
    world, county_admin, login, django_capture_on_commit_callbacks
):
    world.b_officer.email = "wl@example.gov.cn"
    world.b_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(county_admin).post(
            "/admin/accounts/user/",
            {
                "action": "reset_password",
                "_selected_action": [world.b_officer.pk, world.a_officer.pk],
            },
        )
    assert response.status_code == 302
    world.b_officer.refresh_from_db()
    assert world.b_officer.must_change_password
    (message,) = mail.outbox  # a_officer has no e-mail address: reported, not reset
    assert message.to == ["wl@example.gov.cn"]
    assert Change.objects.filter(action="account.password_reset", target_id=world.b_officer.pk)


def test_api_tokens_show_only_their_digest(world, county_admin, login):
    client = login(county_admin)
    response = client.post(
        "/admin/accounts/apitoken/add/",
        {"user": world.county_editor.pk, "name": "门户接口"},
        follow=True,
    )
    token = ApiToken.objects.get()
    raw = (
        next(str(m) for m in response.context["messages"] if "接口令牌" in str(m))
        .split("：")[1]
        .split()[0]
    )
    assert ApiToken.digest_of(raw) == token.digest
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.digest in page and raw not in page
    refused = client.post(
        "/admin/accounts/apitoken/add/", {"user": world.city_editor.pk, "name": "越权"}
    )
    assert refused.status_code == 200 and ApiToken.objects.count() == 1


def test_publications_are_scoped_and_column_changes_are_audited(world, county_admin, login):
    Publication.objects.create(office=world.city, name="信息快报", code="kuaibao")
    client = login(county_admin)
    listed = [
        p.name for p in client.get("/admin/publications/publication/").context["cl"].result_list
    ]
    assert sorted(listed) == ["专报信息", "快讯"]
    columns = list(world.kuaixun.columns.all())
    data = {
        "office": world.county.pk,
        "name": "快讯",
        "code": "kuaixun",
        "description": "",
        "adoption_kinds": ["comprehensive", "brief", "solicited"],
        "sort_order": 0,
        "is_active": "on",
        **inline_management("columns", 2, initial=1),
        "columns-0-id": columns[0].pk,
        "columns-0-publication": world.kuaixun.pk,
        "columns-0-name": "工作简况",
        "columns-0-sort_order": 0,
        "columns-0-is_active": "on",
        "columns-1-publication": world.kuaixun.pk,
        "columns-1-name": "重要会议",
        "columns-1-sort_order": 10,
        "columns-1-is_active": "on",
    }
    response = client.post(f"/admin/publications/publication/{world.kuaixun.pk}/change/", data)
    assert response.status_code == 302
    column = Column.objects.get(name="重要会议")
    assert Change.objects.filter(action="admin.added", target_id=column.pk, actor=county_admin)
    # The city's office is not a choice.
    form = client.get("/admin/publications/publication/add/").context["adminform"].form
    assert list(form.fields["office"].queryset) == [world.county]


def test_adoptions_are_read_only_and_scoped(world, county_admin, login):
    item = world.submitted(title="城关镇完成防汛物资储备")
    item_adopt(
        item_id=item.pk,
        actor=world.county_editor,
        publication=world.kuaixun,
        column=world.kuaixun_work,
        kind="brief",
    )
    copy = item_forward(item_id=item.pk, actor=world.county_editor)
    city_bulletin = Publication.objects.create(office=world.city, name="信息快报", code="kb")
    item_adopt(
        item_id=copy.pk,
        actor=world.city_editor,
        publication=city_bulletin,
        column=None,
        kind="general",
    )
    client = login(county_admin)
    listing = client.get("/admin/publications/adoption/")
    assert [str(a.publication) for a in listing.context["cl"].result_list] == ["《快讯》"]
    assert english_labels(listing) == []
    adoption = listing.context["cl"].result_list[0]
    detail = client.get(f"/admin/publications/adoption/{adoption.pk}/change/")
    assert detail.status_code == 200 and "城关镇完成防汛物资储备" in detail.content.decode()
    assert client.get("/admin/publications/adoption/add/").status_code == 403
    assert client.post(f"/admin/publications/adoption/{adoption.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/units/unit/",
        "/admin/units/unit/add/",
        "/admin/units/unit/{town_a}/change/",
        "/admin/units/unitcategory/",
        "/admin/units/unitcategory/add/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/user/{a_officer}/change/",
        "/admin/accounts/apitoken/",
        "/admin/accounts/apitoken/add/",
        "/admin/publications/publication/",
        "/admin/publications/publication/add/",
        "/admin/publications/publication/{kuaixun}/change/",
    ],
)
@pytest.mark.parametrize("who", ["county_admin", "superuser"])
def test_every_configuration_page_opens(world, login, request, path, who):
    user = request.getfixturevalue(who)
    ids = {"town_a": world.town_a.pk, "a_officer": world.a_officer.pk, "kuaixun": world.kuaixun.pk}
    response = login(user).get(path.format(**ids))
    assert response.status_code == 200
    assert english_labels(response) == []


def english_labels(response) -> list[str]:
    """Form labels and list columns still in English (fields without a Chinese name)."""
    labels = []
    if "adminform" in response.context:
        labels += [str(f.label) for f in response.context["adminform"].form.fields.values()]
        for formset in response.context["inline_admin_formsets"]:
            labels += [str(f.label) for f in formset.formset.form.base_fields.values()]
    if "cl" in response.context:
        cl = response.context["cl"]
        columns = [name for name in cl.list_display if name != "action_checkbox"]
        labels += [str(label_for_field(name, cl.model, cl.model_admin)) for name in columns]
    return [label for label in labels if label.isascii() and label != "ID"]


def test_the_change_log_is_for_superusers_and_read_only(world, county_admin, superuser, login):
    membership_grant(actor=county_admin, user=world.outsider, unit=world.town_a, role="officer")
    change = Change.objects.get(action="membership.granted", actor=county_admin)
    assert login(county_admin).get("/admin/audit/change/").status_code == 403
    client = login(superuser)
    listing = client.get("/admin/audit/change/")
    assert listing.status_code == 200 and english_labels(listing) == []
    page = client.get(f"/admin/audit/change/{change.pk}/change/").content.decode()
    assert "授予钱多（outsider）“城关镇人民政府·信息员”角色" in page
    assert f"角色分配 #{change.target_id}" in page
    assert client.get("/admin/audit/change/add/").status_code == 403


def test_chief_editor_configures_the_offices_publications_only(world, client):
    client.force_login(world.county_chief)
    listing = client.get("/admin/publications/publication/").content.decode()
    assert "快讯" in listing and "专报信息" in listing
    assert (
        client.get(f"/admin/publications/publication/{world.kuaixun.pk}/change/").status_code == 200
    )
    # Units and accounts stay with the administrator.
    assert client.get("/admin/units/unit/").status_code == 403
