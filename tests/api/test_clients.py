"""Client applications: registered by an office's administrator, their tokens shown
once and stored hashed, their scopes checked before the endpoint's policy, every call
logged (reads included), their rate limited with 429 and Retry-After."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from govdesk.accounts.models import ApiToken
from govdesk.api.clients import calls_purge, client_register, client_token_issue, required_scope
from govdesk.api.models import ApiCall
from govdesk.audit.models import Change
from govdesk.lib import clock

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotline(world):
    return client_register(
        actor=world.county_admin,
        name="12345热线",
        owner=world.county,
        scopes=["items:read", "emergencies:write"],
        rate_limit=100,
    )


def bearer(client, raw):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_registration_is_for_the_owning_offices_administrators(world, offices, hotline):
    assert hotline.scopes == ["emergencies:write", "items:read"]
    assert Change.objects.get(action="api_client.registered").summary == (
        "登记接口客户端“12345热线”（某县人民政府办公室）"
    )
    for who in ("county_editor", "county_chief", "other_admin", "county_security"):
        with pytest.raises(PermissionDenied, match="您无权管理“某县人民政府办公室”的接口客户端。"):
            client_register(actor=world.people[who], name=who, owner=world.county, scopes=[])
    with pytest.raises(ValidationError) as refused:
        client_register(
            actor=world.county_admin, name="坏", owner=world.county, scopes=["x:y"], rate_limit=0
        )
    assert refused.value.message_dict == {
        "scopes": ["权限范围无效：x:y。"],
        "rate_limit": ["每分钟调用上限须在 1—10000 之间。"],
    }


def test_a_token_is_shown_once_and_stored_hashed(world, hotline):
    token, raw = client_token_issue(
        actor=world.county_admin, client=hotline, user=world.a_officer, name="生产"
    )
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.client == hotline and stored.digest == ApiToken.digest_of(raw)
    assert raw not in {stored.digest, stored.prefix, stored.name}
    with pytest.raises(ValidationError) as refused:
        client_token_issue(
            actor=world.county_admin, client=hotline, user=world.city_editor, name="x"
        )
    assert refused.value.message_dict == {"user": ["“何丽”不是您管理的账号，不能代表其调用接口。"]}


def test_the_scope_is_checked_before_the_policy(world, hotline, client):
    _, raw = client_token_issue(
        actor=world.county_admin, client=hotline, user=world.a_officer, name="生产"
    )
    api = bearer(client, raw)
    # In scope: the policy decides (the officer sees their own unit's items only).
    assert api.get("/api/items").status_code == 200
    assert api.get(f"/api/units/{world.town_b.pk}").status_code == 404
    # Out of scope: refused before the policy is asked, even where it would refuse too.
    draft = api.post("/api/items", {}, content_type="application/json")
    assert draft.status_code == 403
    assert draft.json() == {
        "detail": "该客户端没有“起草、报送、审核、采用信息”（items:write）权限，"
        "请联系管理员调整客户端的权限范围。"
    }
    board = api.get("/api/emergencies/board")
    assert board.status_code == 403
    assert board.json()["detail"].startswith("该客户端没有“读取突发事件、值班板和值班表”")
    # With the scope, the officer's own rights answer: no board for a township.
    hotline.scopes = ["emergencies:read"]
    hotline.save()
    assert api.get("/api/emergencies/board").json() == {"detail": "您没有值守的突发事件值班板。"}


def test_every_call_is_logged_reads_included(world, hotline, client, login):
    _, raw = client_token_issue(
        actor=world.county_admin, client=hotline, user=world.a_officer, name="生产"
    )
    bearer(client, raw).get(f"/api/units/{world.town_a.pk}")
    call = ApiCall.objects.get()
    assert (call.client, call.user, call.method, call.endpoint, call.status) == (
        hotline,
        world.a_officer,
        "GET",
        "/api/units/{unit_id}",
        200,
    )
    client.defaults.pop("HTTP_AUTHORIZATION")
    login(world.county_editor).get("/api/items")
    session = ApiCall.objects.latest("pk")
    assert (session.client, session.user, session.status) == (None, world.county_editor, 200)
    client.logout()
    client.get("/api/items")
    assert ApiCall.objects.latest("pk").status == 401


def test_a_client_over_its_rate_gets_429_with_retry_after(world, hotline, client):
    hotline.rate_limit = 2
    hotline.save()
    _, raw = client_token_issue(
        actor=world.county_admin, client=hotline, user=world.a_officer, name="生产"
    )
    api = bearer(client, raw)
    start = clock.now()
    with clock.frozen_at(start):
        assert api.get("/api/items").status_code == 200
    with clock.frozen_at(start + timedelta(seconds=20)):
        assert api.get("/api/items").status_code == 200
        refused = api.get("/api/items")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused.json() == {
        "detail": "请求过于频繁：该客户端每分钟最多调用 2 次，请 40 秒后重试。"
    }
    with clock.frozen_at(start + timedelta(seconds=61)):
        assert api.get("/api/items").status_code == 200


def test_the_worker_purges_old_calls(world, settings):
    settings.GOVDESK_API_CALL_RETENTION_DAYS = 30
    now = clock.now()
    ApiCall.objects.create(
        at=now - timedelta(days=31), method="GET", endpoint="/api/items", status=200, duration_ms=3
    )
    kept = ApiCall.objects.create(
        at=now - timedelta(days=29), method="GET", endpoint="/api/items", status=200, duration_ms=3
    )
    assert calls_purge(now=now) == 1
    assert list(ApiCall.objects.all()) == [kept]


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/api/items/3", "items:read"),
        ("POST", "/api/emergencies/reports", "emergencies:write"),
        ("POST", "/api/search/similar", "items:read"),
        ("PUT", "/api/units/5/categories/2026", "people:write"),
        ("GET", "/api/schemes/1/ranking", "statistics:read"),
        ("GET", "/api/public/articles", None),
        ("POST", "/api/awards/schemes/1/confirm", "statistics:write"),
        ("PUT", "/api/emergencies/offices/2/alert-settings", "emergencies:write"),
        ("PUT", "/api/calendar/days", "people:write"),
        ("POST", "/api/words/lexicon", "items:write"),
        ("PATCH", "/api/publications/4/settings", "people:write"),
        ("POST", "/api/security/unlock", "people:write"),
        ("GET", "/api/audit/changes", "people:read"),
        ("POST", "/api/portal/articles/7/publish", "items:write"),
        ("GET", "/api/no-such-family", "unlisted"),
    ],
)
def test_which_scope_an_endpoint_needs(method, path, scope):
    assert required_scope(method, path) == scope


def test_every_endpoint_is_in_a_scope_family_or_public(client):
    """A router added without a family would be closed to every client: list it."""
    paths = client.get("/api/openapi.json").json()["paths"]
    assert paths
    unlisted = [p for p in paths if required_scope("GET", p) == "unlisted"]
    assert unlisted == []


def test_the_pages_register_issue_once_and_list_calls(world, login):
    admin = login(world.county_admin)
    page = admin.get("/config/api-clients/")
    assert page.status_code == 200 and "尚未登记接口客户端" in page.content.decode()
    made = admin.post(
        "/config/api-clients/",
        {
            "name": "应急平台",
            "owner": world.county.pk,
            "scopes": ["emergencies:write"],
            "rate_limit": 60,
        },
    )
    assert made.status_code == 302
    url = made.url
    issued = admin.post(
        url, {"form": "token", "token-user": world.a_officer.pk, "token-name": "正式"}
    )
    html = issued.content.decode()
    raw = ApiToken.objects.get(name="正式")
    assert "令牌只显示这一次" in html and raw.prefix in html
    assert "令牌只显示这一次" not in admin.get(url).content.decode()
    assert login(world.county_editor).get("/config/api-clients/").status_code == 403
