"""Two-factor login (TOTP): required per role, enrolment on the first login, a code at
every later login, and the security administrator's (or the console's) reset."""

import time

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from govdesk.audit.models import Change
from tests.conftest import PASSWORD


@pytest.fixture
def chiefs_need_otp(settings):
    settings.GOVDESK_OTP_REQUIRED_ROLES = ["admin", "chief"]


def _code(device):
    """What the person's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_a_chief_enrols_on_the_first_login_then_gets_in(world, client, chiefs_need_otp):
    _login(client, "county_chief")
    blocked = client.get("/items/desk/")
    assert blocked.status_code == 302
    assert blocked.url == "/accounts/otp/?next=%2Fitems%2Fdesk%2F"
    page = client.get(blocked.url).content.decode()
    assert "绑定动态口令" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=world.county_chief, confirmed=False)
    wrong = client.post("/accounts/otp/", {"token": "000000", "next": "/items/desk/"})
    assert "动态口令不正确或已过期，请输入验证器当前显示的 6 位数字。" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles a second try within a second of a failure
    device.refresh_from_db()
    done = client.post("/accounts/otp/", {"token": _code(device), "next": "/items/desk/"})
    assert done.status_code == 302 and done.url == "/items/desk/"
    assert client.get("/items/desk/").status_code == 200
    actions = list(
        Change.objects.filter(target_id=world.county_chief.pk).values_list("action", flat=True)
    )
    assert "account.otp_failed" in actions and "account.otp_enrolled" in actions


def test_later_logins_ask_for_the_code_without_showing_the_key(world, client, chiefs_need_otp):
    device = TOTPDevice.objects.create(user=world.county_chief, name="手机", confirmed=True)
    _login(client, "county_chief")
    page = client.get("/accounts/otp/").content.decode()
    assert "动态口令验证" in page and "<svg" not in page and "密钥" not in page
    api = client.get("/api/items")
    assert api.status_code == 403 and api.json() == {"detail": "请先完成动态口令验证。"}
    client.post("/accounts/otp/", {"token": _code(device)})
    assert client.get("/items/desk/").status_code == 200


def test_roles_not_listed_log_in_with_the_password_alone(world, client, chiefs_need_otp):
    _login(client, "a_officer")
    assert client.get("/items/mine/").status_code == 200


def test_the_security_administrator_resets_a_lost_device(duties, client, chiefs_need_otp):
    TOTPDevice.objects.create(user=duties.county_chief, name="手机", confirmed=True)
    client.force_login(duties.county_security)
    assert client.post(f"/accounts/security/{duties.county_chief.pk}/reset-otp/").status_code == 302
    assert not TOTPDevice.objects.filter(user=duties.county_chief).exists()
    reset = Change.objects.get(action="account.otp_reset")
    assert reset.actor == duties.county_security
    assert reset.summary == "重置刘伟（county_chief）的动态口令设备"


@pytest.mark.parametrize("who", ["county_admin", "county_auditor", "county_editor"])
def test_no_one_else_resets_a_device(duties, client, who):
    TOTPDevice.objects.create(user=duties.county_chief, name="手机", confirmed=True)
    client.force_login(duties.people[who])
    response = client.post(f"/accounts/security/{duties.county_chief.pk}/reset-otp/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=duties.county_chief).exists()


def test_the_console_command_resets_a_device(world, capsys):
    TOTPDevice.objects.create(user=world.county_chief, name="手机", confirmed=True)
    call_command("otp_reset", "county_chief")
    assert (
        capsys.readouterr().out.strip()
        == "已重置刘伟（county_chief）的 1 个动态口令设备，其下次登录时重新绑定。"
    )
    assert not TOTPDevice.objects.filter(user=world.county_chief).exists()
    assert Change.objects.filter(action="account.otp_reset", actor=None).exists()
