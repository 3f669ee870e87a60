"""Who may call the API: bearer tokens, the browser session (with CSRF), and nobody else."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from govdesk.accounts.models import ApiToken
from govdesk.accounts.tokens import TOKEN_PREFIX, token_issue, token_user
from govdesk.audit.models import Change
from govdesk.lib import clock

pytestmark = pytest.mark.django_db

JSON = "application/json"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_is_stored_only_as_digest(world):
    token, raw = token_issue(user=world.a_officer, name="数据共享")
    assert raw.startswith(TOKEN_PREFIX)
    assert token.digest == ApiToken.digest_of(raw)
    assert raw not in {token.digest, token.prefix, token.name}
    assert token.prefix == raw[:8]
    assert Change.objects.filter(action="api_token.created", target_id=token.pk).exists()


def test_token_auth_works_and_notes_last_use(world):
    token, raw = token_issue(user=world.a_officer, name="数据共享")
    item = world.draft()
    response = Client().get("/api/items", **bearer(raw))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [item.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(world):
    token, raw = token_issue(user=world.a_officer, name="数据共享")
    start = clock.now()
    with clock.frozen_at(start):
        token_user(raw)
    with clock.frozen_at(start + timedelta(seconds=10)):
        token_user(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with clock.frozen_at(start + timedelta(minutes=2)):
        token_user(raw)
    token.refresh_from_db()
    assert token.last_used_at == start + timedelta(minutes=2)


def test_token_writes_need_no_csrf(world):
    _, raw = token_issue(user=world.a_officer, name="数据共享")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/items",
        {"unit": world.town_a.pk, "title": "接口起草的信息"},
        content_type=JSON,
        **bearer(raw),
    )
    assert response.status_code == 201, response.content
    assert response.json()["created_by"]["username"] == "a_officer"


def test_wrong_token_is_401_in_chinese(world):
    token_issue(user=world.a_officer, name="数据共享")
    response = Client().get("/api/items", **bearer("gd_not-a-real-token"))
    assert response.status_code == 401
    assert response.json()["detail"].startswith("接口令牌无效")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_token_of_inactive_user_is_401(world):
    _, raw = token_issue(user=world.a_officer, name="数据共享")
    world.a_officer.is_active = False
    world.a_officer.save()
    assert Client().get("/api/items", **bearer(raw)).status_code == 401


def test_anonymous_is_401(world):
    client = Client(enforce_csrf_checks=True)
    response = client.get("/api/items")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "请先登录，或在 Authorization 头中提供有效的接口令牌（Bearer）。"
    }
    response = client.post("/api/items", {}, content_type=JSON)
    assert response.status_code == 401


def test_session_auth_reads(world, login):
    world.draft()
    response = login(world.a_officer).get("/api/items")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_session_writes_need_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.a_officer)
    payload = {"unit": world.town_a.pk, "title": "会话起草的信息"}

    response = client.post("/api/items", payload, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF 校验失败")

    client.get("/api/docs")  # any page that renders a token sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post("/api/items", payload, content_type=JSON, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201, response.content


def test_must_change_password_is_403_for_tokens(world):
    _, raw = token_issue(user=world.a_officer, name="数据共享")
    world.a_officer.must_change_password = True
    world.a_officer.save()
    response = Client().get("/api/items", **bearer(raw))
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_must_change_password_is_403_for_sessions(world, login):
    world.a_officer.must_change_password = True
    world.a_officer.save()
    response = login(world.a_officer).get("/api/items")
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_create_api_token_command(world, capsys):
    call_command("create_api_token", "a_officer", "--name", "市大数据局共享接口")
    out, err = capsys.readouterr()
    raw = out.strip()
    assert "只显示这一次" in err
    token = ApiToken.objects.get(user=world.a_officer)
    assert token.name == "市大数据局共享接口"
    assert token.digest == ApiToken.digest_of(raw)
    assert Client().get("/api/items", **bearer(raw)).status_code == 200


def test_create_api_token_command_refuses_unknown_user_and_empty_name(world):
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_api_token", "nobody", "--name", "测试")
    with pytest.raises(CommandError, match="请填写令牌用途"):
        call_command("create_api_token", "a_officer", "--name", "  ")
