"""Client applications (接口客户端): registered by an administrator of the owning
office, with scopes and a per-minute rate limit; their tokens act as a chosen account
within those scopes. Every API call is logged (``ApiCall``) and the log is purged after
``GOVDESK_API_CALL_RETENTION_DAYS``.

Order of checks on a client's call: the token, then the client's scope for the
endpoint, then its rate, and only then the endpoint's own policy checks."""

import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.db.models import Min

from govdesk import policy
from govdesk.accounts.models import SCOPES, ApiClient, ApiToken, User
from govdesk.accounts.selectors import users_managed_by
from govdesk.accounts.tokens import token_issue, token_revoke
from govdesk.api.models import ApiCall
from govdesk.audit.services import model_diff, record
from govdesk.lib import clock
from govdesk.lib.orm import insert_row

RATE_WINDOW = timedelta(minutes=1)
RATE_LIMITS = (1, 10000)
OUT_OF_SCOPE = "该客户端没有“{label}”（{scope}）权限，请联系管理员调整客户端的权限范围。"
CLIENT_DISABLED = "该接口客户端已停用。"
TOO_MANY = "请求过于频繁：该客户端每分钟最多调用 {limit} 次，请 {seconds} 秒后重试。"
TOKEN_TOO_MANY = "请求过于频繁：该接口令牌每分钟最多调用 {limit} 次，请 {seconds} 秒后重试。"

# The first segment after /api/ -> the scope family its endpoints need.
FAMILIES = {
    "items": "items",
    "adoptions": "items",
    "search": "items",
    "issues": "bulletins",
    "tasks": "bulletins",
    "solicitations": "bulletins",
    "key-points": "bulletins",
    "emergencies": "emergencies",
    "duty": "emergencies",
    "schemes": "statistics",
    "circulars": "statistics",
    "awards": "statistics",
    "notifications": "notifications",
    "people": "people",
    # The administrators' and the 三员分立's work goes with people; the word lists
    # the checks of items use, with items.
    "calendar": "people",
    "security": "people",
    "audit": "people",
    "words": "items",
    # Reading units and publications goes with reading items; changing them is the
    # administrators' structure work.
    "units": "items",
    "publications": "items",
    # The portal desk's work on items marked 主动公开.
    "portal": "items",
}
# Open to anyone: the public portal's read API.
PUBLIC = {"public"}
UNLISTED = "该接口不对接口客户端开放。"
STRUCTURE = {"units", "publications"}
# Writes by method that only read (a duplicate check posts the text to compare).
READING_POSTS = {"/api/search/similar"}


class RateLimited(Exception):
    def __init__(self, message: str, *, limit: int, retry_after: int):
        super().__init__(message.format(limit=limit, seconds=retry_after))
        self.retry_after = retry_after


def required_scope(method: str, path: str) -> str | None:
    """The scope a call needs, None for the public portal's endpoints; an endpoint in
    no family needs a scope no client holds, so a new router is closed until listed."""
    segment = path.removeprefix("/api/").split("/", 1)[0]
    if segment in PUBLIC:
        return None
    family = FAMILIES.get(segment)
    if family is None:
        return "unlisted"
    writes = method not in ("GET", "HEAD", "OPTIONS") and path.rstrip("/") not in READING_POSTS
    if writes and segment in STRUCTURE:
        return "people:write"
    return f"{family}:{'write' if writes else 'read'}"


def admit(client: ApiClient, *, method: str, path: str) -> None:
    """The client's own checks on a call: active, in scope, within its rate."""
    if not client.is_active:
        raise PermissionDenied(CLIENT_DISABLED)
    scope = required_scope(method, path)
    if scope == "unlisted":
        raise PermissionDenied(UNLISTED)
    if scope is not None and scope not in client.scopes:
        raise PermissionDenied(OUT_OF_SCOPE.format(label=SCOPES[scope], scope=scope))
    _within_rate(owner="client_id", key=client.pk, limit=client.rate_limit, message=TOO_MANY)


def admit_token(token: ApiToken) -> None:
    """A personal token's rate (``GOVDESK_API_TOKEN_RATE_LIMIT`` calls a minute)."""
    limit = settings.GOVDESK_API_TOKEN_RATE_LIMIT
    _within_rate(owner="token_id", key=token.pk, limit=limit, message=TOKEN_TOO_MANY)


def _within_rate(*, owner: str, key: int, limit: int, message: str) -> None:
    """429 once the calls of the last minute by ``owner`` (the column: ``client_id`` or
    ``token_id``) ``key``, refused ones aside, reach ``limit``."""
    now = clock.now()
    since = now - RATE_WINDOW
    if _count_since(owner=owner, key=key, since=since) < limit:
        return
    recent = ApiCall.objects.filter(**{owner: key, "at__gt": since}).exclude(status=429)
    wait = (recent.aggregate(oldest=Min("at"))["oldest"] + RATE_WINDOW - now).total_seconds()
    raise RateLimited(message, limit=limit, retry_after=max(1, math.ceil(wait)))


def _count_since(*, owner: str, key: int, since) -> int:
    """How many calls ``_within_rate`` counts, in one statement written out: every API
    call asks, and the same count built with the ORM cost ten times its run (about
    0.6 ms of CPU a call). A refusal's wait, rare, is read with the ORM."""
    db = connections[router.db_for_read(ApiCall)]
    meta, quote = ApiCall._meta, db.ops.quote_name
    by, at, status = (quote(meta.get_field(name).column) for name in (owner, "at", "status"))
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {quote(meta.db_table)} "
            f"WHERE {by} = %s AND {at} > %s AND {status} <> %s",
            [key, db.ops.adapt_datetimefield_value(since), 429],
        )
        return cursor.fetchone()[0]


def call_log(
    *, client_id, user_id, token_id=None, method: str, endpoint: str, status: int, duration_ms: int
):
    insert_row(
        ApiCall,
        client_id=client_id,
        user_id=user_id,
        token_id=token_id,
        method=method,
        endpoint=endpoint[:120],
        status=status,
        duration_ms=duration_ms,
    )


def calls_purge(*, now=None) -> int:
    """Delete calls older than the retention period; returns how many went."""
    days = settings.GOVDESK_API_CALL_RETENTION_DAYS
    cutoff = (now or clock.now()) - timedelta(days=days)
    deleted, _ = ApiCall.objects.filter(at__lt=cutoff).delete()
    return deleted


# --- administration ------------------------------------------------------------------


def _problems(*, scopes, rate_limit: int) -> dict[str, str]:
    problems = {}
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        problems["scopes"] = f"权限范围无效：{'、'.join(unknown)}。"
    if not RATE_LIMITS[0] <= rate_limit <= RATE_LIMITS[1]:
        problems["rate_limit"] = f"每分钟调用上限须在 {RATE_LIMITS[0]}—{RATE_LIMITS[1]} 之间。"
    return problems


def _require_manage(actor, owner) -> None:
    policy.require_of(actor, "unit.manage", owner, f"您无权管理“{owner.name}”的接口客户端。")


@transaction.atomic
def client_register(
    *, actor, name: str, owner, scopes, rate_limit: int = 120, description: str = ""
) -> ApiClient:
    _require_manage(actor, owner)
    name = name.strip()
    scopes = sorted(set(scopes))
    problems = _problems(scopes=scopes, rate_limit=rate_limit)
    if not name:
        problems["name"] = "请填写客户端名称。"
    elif ApiClient.objects.filter(name=name).exists():
        problems["name"] = f"已有名为“{name}”的接口客户端。"
    if not owner.is_office:
        problems["owner"] = f"“{owner.name}”不是政府办公室。"
    if problems:
        raise ValidationError(problems)
    client = ApiClient.objects.create(
        name=name,
        owner=owner,
        scopes=scopes,
        rate_limit=rate_limit,
        description=description.strip(),
        created_by=actor,
    )
    record(
        actor=actor,
        action="api_client.registered",
        target=client,
        summary=f"登记接口客户端“{name}”（{owner.name}）",
        scopes=scopes,
        rate_limit=rate_limit,
    )
    return client


@transaction.atomic
def client_update(*, actor, client: ApiClient, **fields) -> ApiClient:
    """Change a client's scopes, rate limit, description or whether it is active."""
    _require_manage(actor, client.owner)
    if "scopes" in fields:
        fields["scopes"] = sorted(set(fields["scopes"]))
    problems = _problems(
        scopes=fields.get("scopes", client.scopes),
        rate_limit=fields.get("rate_limit", client.rate_limit),
    )
    if problems:
        raise ValidationError(problems)
    before = {name: getattr(client, name) for name in fields}
    changes = model_diff(before, fields)
    if not changes:
        return client
    for name, value in fields.items():
        setattr(client, name, value)
    client.save()
    record(
        actor=actor,
        action="api_client.changed",
        target=client,
        summary=f"修改接口客户端“{client.name}”",
        changes=changes,
    )
    return client


def client_token_issue(*, actor, client: ApiClient, user: User, name: str) -> tuple[ApiToken, str]:
    """A token for ``client`` acting as ``user``, an account the administrator manages;
    the raw token is returned once."""
    _require_manage(actor, client.owner)
    if actor is not None and not users_managed_by(actor).filter(pk=user.pk).exists():
        raise ValidationError({"user": f"“{user}”不是您管理的账号，不能代表其调用接口。"})
    with transaction.atomic():
        token, raw = token_issue(user=user, name=name, actor=actor)
        token.client = client
        token.save(update_fields=["client"])
    return token, raw


def client_token_revoke(*, actor, token: ApiToken) -> None:
    _require_manage(actor, token.client.owner)
    token_revoke(token=token, actor=actor)
