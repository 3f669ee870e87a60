"""人员与角色: an administrator keeps the people of their own units — details, roles,
passwords, API tokens — on the system's own pages; nobody else opens them."""

import re

import pytest
from django.test import Client

from govdesk.accounts.models import ApiToken, Membership, Role, User
from govdesk.audit.models import Change
from tests.conftest import PASSWORD

NOBODY = ["county_security", "county_auditor", "county_chief", "a_officer", "outsider"]


def sign_in(username, password):
    """A fresh browser signing in through the login page; returns it and the answer."""
    browser = Client()
    data = {"username": username, "password": password}
    return browser, browser.post("/accounts/login/", data)


def page(client, url, data=None):
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


@pytest.mark.parametrize("who", NOBODY)
def test_only_administrators_open_the_people_pages(offices, login, who):
    client = login(offices.people[who])
    response, text = page(client, "/accounts/people/")
    assert response.status_code == 403 and "人员与角色由管理员维护。" in text
    assert client.get(f"/accounts/people/{offices.a_officer.pk}/").status_code == 403
    data = {"form": "reset", "delivery": "show"}
    assert client.post(f"/accounts/people/{offices.a_officer.pk}/", data).status_code == 403
    assert not Change.objects.filter(action="account.password_reset").exists()


def test_another_countys_administrator_does_not_find_our_people(offices, login):
    client = login(offices.other_admin)
    response, text = page(client, "/accounts/people/")
    assert response.status_code == 200
    assert "张晓梅" not in text
    url = f"/accounts/people/{offices.a_officer.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"form": "reset", "delivery": "show"}).status_code == 404
    assert client.post(url, {"form": "token", "name": "窃取"}).status_code == 404
    assert not ApiToken.objects.exists()


def test_the_administrator_lists_and_searches_their_people(offices, login):
    client = login(offices.county_admin)
    response, text = page(client, "/accounts/people/?q=zxm")
    assert response.status_code == 200
    assert "张晓梅" in text and "城关镇·信息员" in text
    assert "王磊" not in text
    _, text = page(client, "/accounts/people/")
    assert "王磊" in text and "柯管" not in text


def test_details_are_changed_and_the_account_deactivated_through_the_log(offices, login):
    client = login(offices.county_admin)
    url = f"/accounts/people/{offices.a_officer.pk}/"
    data = {
        "form": "profile",
        "full_name": "张晓玫",
        "email": "zxm@example.gov.cn",
        "phone": "0571-1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    person = User.objects.get(pk=offices.a_officer.pk)
    assert (person.full_name, person.email, person.is_active) == (
        "张晓玫",
        "zxm@example.gov.cn",
        False,
    )
    change = Change.objects.get(action="account.changed", target_id=person.pk)
    assert change.actor == offices.county_admin
    assert change.summary == "修改账号“a_officer”（张晓玫）：full_name、email、phone、is_active"
    assert sign_in("a_officer", PASSWORD)[1].status_code == 200  # the form again: refused


def test_a_bad_email_is_refused_in_words_and_the_input_kept(offices, login):
    client = login(offices.county_admin)
    data = {"form": "profile", "full_name": "张晓玫", "email": "不是邮箱", "is_active": "on"}
    response, text = page(client, f"/accounts/people/{offices.a_officer.pk}/", data)
    assert response.status_code == 200
    assert "输入一个有效的 Email 地址。" in text or "输入一个有效的电子邮件地址。" in text
    assert 'value="张晓玫"' in text
    assert User.objects.get(pk=offices.a_officer.pk).full_name == "张晓梅"


def test_granting_and_revoking_a_role_is_logged(offices, login):
    client = login(offices.county_admin)
    url = f"/accounts/people/{offices.a_officer.pk}/"
    grant = {
        "form": "grant",
        "unit": offices.town_a.pk,
        "role": Role.REVIEWER,
        "title": "党政办主任",
    }
    response = client.post(url, grant, follow=True)
    assert "已授予“城关镇人民政府·审核人”角色。" in response.content.decode()
    membership = Membership.objects.get(user=offices.a_officer, role=Role.REVIEWER)
    assert Change.objects.filter(
        action="membership.granted", target_id=membership.pk, actor=offices.county_admin
    ).exists()
    response = client.post(url, {"form": "revoke", "membership": membership.pk}, follow=True)
    assert "已撤销“城关镇人民政府·审核人”角色。" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.is_active
    assert Change.objects.filter(action="membership.revoked", target_id=membership.pk).exists()


def test_a_role_outside_the_jurisdiction_cannot_be_granted(offices, login):
    client = login(offices.county_admin)
    grant = {"form": "grant", "unit": offices.other_town.pk, "role": Role.OFFICER}
    response, text = page(client, f"/accounts/people/{offices.a_officer.pk}/", grant)
    assert response.status_code == 200
    assert "请选择您管理的单位。" in text
    assert not Membership.objects.filter(unit=offices.other_town).exists()


def test_the_separation_of_duties_is_refused_in_words_with_the_choice_kept(offices, login):
    client = login(offices.county_admin)
    grant = {"form": "grant", "unit": offices.county.pk, "role": Role.ADMIN}
    response, text = page(client, f"/accounts/people/{offices.county_security.pk}/", grant)
    assert response.status_code == 200
    assert (
        "系统管理员、安全管理员、安全审计员须由不同的人担任（三员分立）："
        "此人已是“安全管理员”，不能再担任“管理员”。"
    ) in text
    assert f'<option value="{Role.ADMIN}" selected>' in text
    assert not Membership.objects.filter(user=offices.county_security, role=Role.ADMIN).exists()


def test_a_leader_without_a_level_is_refused_in_words(offices, login):
    client = login(offices.county_admin)
    grant = {"form": "grant", "unit": offices.county.pk, "role": Role.LEADER}
    _, text = page(client, f"/accounts/people/{offices.a_officer.pk}/", grant)
    assert "“领导”角色须填写领导层级（县级、市级、省级或国家级）。" in text


def test_a_password_shown_once_forces_a_change_at_next_login(offices, login):
    client = login(offices.county_admin)
    url = f"/accounts/people/{offices.a_officer.pk}/"
    response, text = page(client, url, {"form": "reset", "delivery": "show"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'class="secret"><code>([^<]+)</code>', text).group(1)
    assert "此密码只显示这一次" in text
    assert password not in page(client, url)[1]
    change = Change.objects.get(action="account.password_reset")
    assert change.summary == "重置“a_officer”（张晓梅）的密码，临时密码当面告知"
    assert password not in str(change.details)

    owner, response = sign_in("a_officer", password)
    assert response.status_code == 302
    assert owner.get("/").url == "/accounts/password/first/"


def test_a_password_by_mail_needs_an_address(
    offices, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(offices.county_admin)
    url = f"/accounts/people/{offices.a_officer.pk}/"
    _, text = page(client, url, {"form": "reset", "delivery": "mail"})
    assert "“张晓梅”没有登记邮箱，无法发送新密码。" in text
    User.objects.filter(pk=offices.a_officer.pk).update(email="zxm@example.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form": "reset", "delivery": "mail"}, follow=True)
    assert (
        "新密码已发送到 zxm@example.gov.cn，本人下次登录须修改密码。" in response.content.decode()
    )
    assert User.objects.get(pk=offices.a_officer.pk).must_change_password
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["zxm@example.gov.cn"]


def test_a_token_is_shown_once_works_and_fails_after_revoking(offices, login):
    client = login(offices.county_admin)
    url = f"/accounts/people/{offices.a_officer.pk}/"
    _, text = page(client, url, {"form": "token", "name": "市级平台对接"})
    raw = re.search(r'class="secret"><code>([^<]+)</code>', text).group(1)
    assert "令牌只显示这一次" in text
    token = ApiToken.objects.get(user=offices.a_officer)
    assert token.digest == ApiToken.digest_of(raw) and raw not in page(client, url)[1]
    assert Change.objects.filter(action="api_token.created", actor=offices.county_admin).exists()
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/items", **bearer).status_code == 200

    response = client.post(url, {"form": "token_revoke", "token": token.pk}, follow=True)
    assert "接口令牌“市级平台对接”已停用。" in response.content.decode()
    assert Change.objects.filter(action="api_token.revoked", actor=offices.county_admin).exists()
    assert Client().get("/api/items", **bearer).status_code == 401


def test_a_token_without_a_purpose_is_refused_in_words(offices, login):
    client = login(offices.county_admin)
    _, text = page(
        client, f"/accounts/people/{offices.a_officer.pk}/", {"form": "token", "name": " "}
    )
    assert "这个字段是必填项。" in text
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("who", ["county_security", "county_auditor"])
def test_the_administrator_never_learns_a_security_or_audit_credential(offices, login, who):
    client = login(offices.county_admin)
    person = offices.people[who]
    url = f"/accounts/people/{person.pk}/"
    label = {"county_security": "冯安”是安全管理员", "county_auditor": "蒋审”是安全审计员"}[who]
    message = (
        f"“{label}（三员分立）：其新密码只能发到本人邮箱，接口令牌只能由本人或超级管理员签发。"
    )
    _, text = page(client, url, {"form": "reset", "delivery": "show"})
    assert message in text and 'class="secret"' not in text
    _, text = page(client, url, {"form": "token", "name": "对接"})
    assert message in text and not ApiToken.objects.exists()
    assert not User.objects.get(pk=person.pk).must_change_password
    assert not Change.objects.filter(action="account.password_reset").exists()
