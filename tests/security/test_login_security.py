"""Logins: records with IP and browser, lockout after repeated failures and the security
administrator's unlock, Chinese password rules with history and expiry, idle timeout."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from govdesk.accounts.models import PasswordHistory
from govdesk.accounts.security import SEEN_AT
from govdesk.audit.models import Change
from govdesk.demo.builder import DEMO_PASSWORD
from govdesk.lib import clock
from tests.conftest import PASSWORD

UA = "Mozilla/5.0 测试浏览器"


def _post_login(client, username, password):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="10.1.2.3",
        HTTP_USER_AGENT=UA,
    )


def test_login_logout_and_failed_login_are_in_the_change_log_with_ip(world, client):
    assert _post_login(client, "a_officer", "错误的密码").status_code == 200
    assert _post_login(client, "nobody", "错误的密码").status_code == 200
    assert _post_login(client, "a_officer", PASSWORD).status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT=UA)
    lines = list(Change.objects.filter(action__startswith="account.").order_by("id"))
    assert [(c.action, c.summary) for c in lines] == [
        ("account.login_failed", "登录失败：用户名“a_officer”"),
        ("account.login_failed", "登录失败：用户名“nobody”"),
        ("account.login", "张晓梅（a_officer）登录"),
        ("account.logout", "张晓梅（a_officer）退出"),
    ]
    assert all(c.details["ip"] == "10.1.2.3" and c.details["user_agent"] == UA for c in lines)
    assert lines[0].target_id == world.a_officer.pk and lines[1].target_id is None
    assert lines[2].actor == world.a_officer and lines[0].actor is None


def test_five_failures_lock_the_account_even_for_the_right_password(world, client):
    for _ in range(4):
        assert _post_login(client, "a_officer", "Wrong#2026").status_code == 200
    locked = _post_login(client, "a_officer", "Wrong#2026")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账号已暂时锁定" in page
    assert "该用户名已连续 5 次登录失败，为防止密码被猜测，系统已将其锁定 30 分钟。" in page
    assert _post_login(client, "a_officer", PASSWORD).status_code == 429
    lines = Change.objects.filter(target_id=world.a_officer.pk).order_by("id")
    assert [c.summary for c in lines if c.action.startswith("account.")][-3:] == [
        "连续 5 次登录失败，用户名“a_officer”已锁定",
        "登录失败：用户名“a_officer”",
        "登录失败：用户名“a_officer”（锁定期间，未校验密码）",
    ]
    # Another user name is not affected.
    assert _post_login(client, "b_officer", PASSWORD).status_code == 302


def test_the_security_administrator_unlocks_and_it_is_recorded(duties, client):
    for _ in range(5):
        _post_login(client, "a_officer", "Wrong#2026")
    client.force_login(duties.county_security)
    page = client.get("/accounts/security/").content.decode()
    assert "<td>a_officer</td>" in page
    response = client.post("/accounts/security/unlock/", {"username": "a_officer"})
    assert response.status_code == 302
    unlocked = Change.objects.get(action="account.unlocked")
    assert unlocked.actor == duties.county_security
    assert unlocked.summary == "解除用户名“a_officer”的登录锁定"
    client.logout()
    assert _post_login(client, "a_officer", PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["county_admin", "county_auditor", "county_chief", "a_officer"])
def test_no_one_else_may_unlock(duties, client, who):
    client.force_login(duties.people[who])
    assert client.post("/accounts/security/unlock/", {"username": "a_officer"}).status_code == 403
    assert client.get("/accounts/security/").status_code == 403
    assert not Change.objects.filter(action="account.unlocked").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab#1234", "密码太短，至少需要 8 个字符。"),
        ("abcdefgh12", "密码须包含大写字母、小写字母、数字和符号中的至少三类。"),
        ("A_officer#26", "密码不能包含用户名。"),
        ("Password1", "这个密码太常见，容易被猜中，请换一个。"),
    ],
)
def test_password_rules_speak_chinese(world, password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password, world.a_officer)
    assert message in error.value.messages


@pytest.mark.parametrize("password", [DEMO_PASSWORD, PASSWORD, "zhengwu2026#"])
def test_the_demo_and_test_passwords_pass(world, password):
    world.a_officer.password_history.all().delete()
    validate_password(password, world.a_officer)


def test_the_last_five_passwords_cannot_come_back(world, client):
    user = world.a_officer
    for i in range(5):
        user.set_password(f"Xinmima#{i}")
        user.save()
    assert user.password_history.count() == 5
    with pytest.raises(ValidationError) as error:
        validate_password("Xinmima#1", user)
    assert error.value.messages == ["不能使用最近 5 次用过的密码。"]
    validate_password(PASSWORD, user)  # six changes ago: allowed again


def test_the_password_form_shows_the_rules_and_errors_in_chinese(world, client):
    client.force_login(world.a_officer)
    page = client.get("/accounts/password/").content.decode()
    assert "密码规则：至少 8 个字符。密码须包含大写字母、小写字母、数字和符号中的至少三类。" in page
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    )
    page = response.content.decode()
    assert "密码须包含大写字母、小写字母、数字和符号中的至少三类。" in page
    assert "This password" not in page


def test_an_expired_password_must_be_changed_first(world, client, settings):
    settings.GOVDESK_PASSWORD_MAX_AGE_DAYS = 90
    user = world.a_officer
    user.set_password(PASSWORD)
    user.save()
    PasswordHistory.objects.filter(user=user).update(set_at=clock.now() - timedelta(days=91))
    _post_login(client, "a_officer", PASSWORD)
    blocked = client.get("/items/mine/")
    assert blocked.status_code == 302 and blocked.url == "/accounts/password/first/"
    page = client.get("/accounts/password/first/").content.decode()
    assert "密码已过期：请设置新密码" in page
    client.post(
        "/accounts/password/first/",
        {"new_password1": "Xinmima#2027", "new_password2": "Xinmima#2027"},
    )
    assert client.get("/items/mine/").status_code == 200


def test_idle_sessions_end_and_say_why(world, client, settings):
    settings.GOVDESK_SESSION_IDLE_MINUTES = 30
    _post_login(client, "a_officer", PASSWORD)
    assert client.get("/items/mine/").status_code == 200
    session = client.session
    session[SEEN_AT] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/items/mine/", follow=True)
    assert response.redirect_chain[0] == ("/accounts/login/?next=%2Fitems%2Fmine%2F", 302)
    assert "您已 30 分钟未操作，请重新登录。" in response.content.decode()
    logout = Change.objects.filter(action="account.logout").get()
    assert logout.summary == "张晓梅（a_officer）退出（长时间未操作）"


def test_mismatched_new_passwords_are_refused_in_chinese(world, client):
    client.force_login(world.a_officer)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xinmima#2027",
            "new_password2": "Xinmima#2028",
        },
    )
    assert "输入的两个密码不一致。" in response.content.decode()
