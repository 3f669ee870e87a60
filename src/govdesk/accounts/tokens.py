"""API bearer tokens: issued once in the clear, stored only as a SHA-256 digest."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from govdesk.accounts.models import ApiToken, User
from govdesk.accounts.roles import credential_problem
from govdesk.audit.services import record
from govdesk.lib import clock
from govdesk.lib.orm import first_row

TOKEN_PREFIX = "gd_"
# last_used_at is refreshed at most this often, so a busy client does not write on every call.
TOUCH_INTERVAL = timedelta(minutes=1)
_MAX_TOKEN_LENGTH = 200


@transaction.atomic
def token_issue(*, user: User, name: str, actor=None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; the raw token is returned here and never again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写令牌用途。"})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "令牌用途不能超过 100 个字符。"})
    problem = credential_problem(actor=actor, user=user)
    if problem:
        raise ValidationError({"user": problem})
    if not user.is_active:
        raise ValidationError({"user": f"用户“{user.username}”已停用，不能签发接口令牌。"})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=ApiToken.digest_of(raw), prefix=raw[:8]
    )
    record(
        actor=actor,
        action="api_token.created",
        target=token,
        summary=f"为{user}（{user.username}）签发接口令牌“{name}”",
        user_id=user.pk,
        prefix=token.prefix,
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor=None) -> None:
    record(
        actor=actor,
        action="api_token.revoked",
        target=token,
        summary=f"停用{token.user}（{token.user.username}）的接口令牌“{token.name}”",
        user_id=token.user_id,
        prefix=token.prefix,
    )
    token.delete()


def token_lookup(raw: str) -> ApiToken | None:
    """The token of an active user a raw token is, with its user, or None;
    notes when the token was used."""
    raw = (raw or "").strip()
    if not raw or len(raw) > _MAX_TOKEN_LENGTH:
        return None
    # Most tokens are officers' own, with no client: a client's token reads its client
    # when asked (one statement), rather than every call joining the table.
    token = first_row(
        ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw))
    )
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_user(raw: str) -> User | None:
    """The active user a raw token belongs to, or None."""
    token = token_lookup(raw)
    return token.user if token else None
