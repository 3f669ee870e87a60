"""The Django admin is for superusers only: office staff (administrators, chief
editors) configure on the system's own pages (``/config/``). What the admin does for
a superuser still goes through the services and is audited."""

import pytest
from django.contrib.admin.utils import label_for_field
from django.core import mail

from govdesk.accounts.models import Membership, Role, User
from govdesk.accounts.services import membership_grant
from govdesk.audit.models import Change
from govdesk.units.models import Level, Unit


@pytest.fixture
def county_admin(world):
    """The county administrator, also a superuser: only then is the admin theirs."""
    membership_grant(actor=None, user=world.county_admin, unit=world.county, role=Role.ADMIN)
    world.county_admin.is_superuser = True
    world.county_admin.save()
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


@pytest.mark.parametrize("who, role", [("county_admin", Role.ADMIN), ("county_chief", Role.CHIEF)])
def test_staff_who_are_not_superusers_get_no_admin(world, login, who, role):
    user = world.people[who]
    membership_grant(actor=None, user=user, unit=world.county, role=role)
    # A staff flag left from the days the admin was scoped, or set by hand, opens nothing.
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    client = login(user)
    for path in ("/admin/", "/admin/units/unit/", "/admin/scoring/scheme/"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response.url
    nav = client.get("/").content.decode()
    assert 'href="/config/"' in nav and 'href="/admin/"' not in nav


def test_the_change_log_is_read_only_even_for_superusers(world, superuser, login):
    membership_grant(actor=superuser, user=world.outsider, unit=world.town_a, role="officer")
    change = Change.objects.get(action="membership.granted", actor=superuser)
    client = login(superuser)
    listing = client.get("/admin/audit/change/")
    assert listing.status_code == 200 and english_labels(listing) == []
    page = client.get(f"/admin/audit/change/{change.pk}/change/").content.decode()
    assert "授予钱多（outsider）“城关镇人民政府·信息员”角色" in page
    assert client.get("/admin/audit/change/add/").status_code == 403


def test_superuser_sees_everything(world, superuser, login):
    client = login(superuser)
    top = client.get("/admin/units/unit/")
    assert [u.name for u in top.context["cl"].result_list] == ["某市人民政府办公室"]
    assert client.get(f"/admin/units/unit/{world.city_dept.pk}/change/").status_code == 200


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
    assert user.must_change_password
    membership = user.memberships.get()
    assert (membership.unit, membership.role, membership.title) == (world.county, "chief", "科长")
    assert Change.objects.filter(action="account.created", target_id=user.pk, actor=county_admin)
    assert Change.objects.filter(action="membership.granted", target_id=membership.pk)
    (message,) = mail.outbox
    assert message.to == ["sunli@example.gov.cn"] and "用户名：sunli" in message.body
    assert "某县人民政府办公室·主编" in message.body


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
    assert world.a_officer.memberships.get(is_active=True).role == Role.ADMIN
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
def test_every_configuration_page_opens(world, login, superuser, path):
    user = superuser
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
