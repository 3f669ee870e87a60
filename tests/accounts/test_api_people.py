"""People and their roles through the API, for administrators, within their units."""

import pytest

from govdesk.accounts.models import Membership, User

pytestmark = pytest.mark.django_db


def test_an_administrator_lists_opens_and_grants(world, login, mailoutbox):
    client = login(world.county_admin)
    listed = client.get("/api/people", {"q": "zxm"}).json()
    assert [p["username"] for p in listed["items"]] == ["a_officer"]
    assert listed["items"][0]["memberships"][0]["role_label"] == "信息员"
    made = client.post(
        "/api/people",
        {
            "username": "new_officer",
            "full_name": "新信息员",
            "email": "new@county.gov.cn",
            "unit_id": world.town_a.pk,
            "role": "officer",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    person = made.json()["id"]
    assert [m["role"] for m in made.json()["memberships"]] == ["officer"]
    granted = client.post(
        f"/api/people/{person}/memberships",
        {"unit_id": world.town_a.pk, "role": "reviewer", "title": "党政办主任"},
        content_type="application/json",
    )
    assert granted.status_code == 201, granted.content
    assert granted.json()["unit"]["name"] == "城关镇人民政府"
    detail = client.get(f"/api/people/{person}").json()
    assert [(m["role"], m["is_active"]) for m in detail["memberships"]] == [
        ("officer", True),
        ("reviewer", True),
    ]
    revoked = client.delete(f"/api/people/{person}/memberships/{granted.json()['id']}")
    assert revoked.json()["is_active"] is False
    changed = client.patch(
        f"/api/people/{world.a_officer.pk}",
        {"phone": "13800000000"},
        content_type="application/json",
    )
    assert changed.json()["phone"] == "13800000000"


def test_outside_the_jurisdiction_and_other_roles(world, offices, login):
    other = login(world.other_admin)
    assert other.get(f"/api/people/{world.a_officer.pk}").status_code == 404
    assert other.get(f"/api/people/{world.a_officer.pk}").json() == {
        "detail": "人员不存在，或不在您管理的单位。"
    }
    grant = other.post(
        f"/api/people/{world.other_admin.pk}/memberships",
        {"unit_id": world.town_a.pk, "role": "officer"},
        content_type="application/json",
    )
    assert grant.status_code == 422
    assert grant.json()["errors"] == {
        "unit_id": [f"单位不存在，或不在您管理的范围：{world.town_a.pk}。"]
    }
    for who in ("county_editor", "county_security", "county_auditor"):
        response = login(world.people[who]).get("/api/people")
        assert response.status_code == 403, who
        assert response.json() == {"detail": "只有管理员可以查看和管理人员。"}
    assert not User.objects.filter(username="x").exists()
    assert not Membership.objects.filter(user=world.other_admin, unit=world.town_a).exists()


def test_separation_of_duties_holds_through_the_api(world, offices, login):
    response = login(world.county_admin).post(
        f"/api/people/{world.county_security.pk}/memberships",
        {"unit_id": world.county.pk, "role": "admin"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Membership.objects.filter(user=world.county_security, role="admin").exists()
