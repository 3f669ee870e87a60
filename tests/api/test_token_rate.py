"""Personal API tokens (the person's own, not a client application's) have a per-token
rate like the clients': ``GOVDESK_API_TOKEN_RATE_LIMIT`` calls a minute, then 429 with
Retry-After and a Chinese message."""

from datetime import timedelta

import pytest

from govdesk.accounts.tokens import token_issue
from govdesk.api.clients import TOKEN_TOO_MANY, RateLimited, admit_token
from govdesk.api.models import ApiCall
from govdesk.lib import clock

pytestmark = pytest.mark.django_db


def test_a_personal_token_over_its_rate_gets_429_with_retry_after(world, client, settings):
    settings.GOVDESK_API_TOKEN_RATE_LIMIT = 2
    token, raw = token_issue(user=world.county_editor, name="脚本", actor=world.county_editor)
    _, other = token_issue(user=world.county_editor, name="另一个脚本", actor=world.county_editor)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    start = clock.now()
    with clock.frozen_at(start):
        assert client.get("/api/items", **headers).status_code == 200
    with clock.frozen_at(start + timedelta(seconds=15)):
        assert client.get("/api/items", **headers).status_code == 200
        refused = client.get("/api/items", **headers)
        # Each token has its own count.
        assert client.get("/api/items", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 200
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert refused.json() == {
        "detail": "请求过于频繁：该接口令牌每分钟最多调用 2 次，请 45 秒后重试。"
    }
    assert list(ApiCall.objects.filter(token=token).values_list("status", flat=True)) == [
        429,
        200,
        200,
    ]
    with clock.frozen_at(start + timedelta(seconds=61)):
        assert client.get("/api/items", **headers).status_code == 200


def test_the_count_is_the_tokens_calls_of_the_last_minute_refusals_aside(world, settings):
    """The window's edge, whose calls and which statuses count: a call exactly a minute
    old is out, one a microsecond younger is in and sets the wait; a refused call and
    another token's calls do not count."""
    settings.GOVDESK_API_TOKEN_RATE_LIMIT = 3
    token, _ = token_issue(user=world.county_editor, name="脚本")
    other, _ = token_issue(user=world.county_editor, name="另一个脚本")
    now = clock.now()

    def called(by, before, status=200):
        ApiCall.objects.create(
            token=by,
            user=by.user,
            method="GET",
            endpoint="/api/items",
            status=status,
            duration_ms=1,
            at=now - before,
        )

    called(token, timedelta(minutes=1))
    called(token, timedelta(minutes=1) - timedelta(microseconds=1))
    called(token, timedelta(seconds=30), status=429)
    called(other, timedelta(seconds=10))
    called(other, timedelta(seconds=10))
    called(token, timedelta(0))
    with clock.frozen_at(now):
        admit_token(token)  # two of three
        called(token, timedelta(0))
        with pytest.raises(RateLimited) as refused:
            admit_token(token)
        admit_token(other)
    assert refused.value.retry_after == 1
    assert str(refused.value) == TOKEN_TOO_MANY.format(limit=3, seconds=1)
