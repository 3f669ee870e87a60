from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from govdesk.audit.actions import check_code
from govdesk.audit.chain import row_digest
from govdesk.audit.dispatch import dispatch
from govdesk.audit.models import Change
from govdesk.lib import clock

# Any fixed number: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK = 22239


def _lock_chain() -> None:
    """Hold the chain until this transaction ends, so two writers never link to the
    same previous row. SQLite needs nothing: its IMMEDIATE transactions (settings)
    already admit one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def record(*, actor, action: str, target: models.Model | None, summary: str, **details) -> Change:
    """Append one line to the change log and tell its subscribers (see ``dispatch``).
    ``action`` must be in the catalogue (``audit.actions``); ``details`` must be
    JSON-serialisable."""
    change = Change(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=check_code(action),
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=True)
            if target is not None
            else None
        ),
        target_id=target.pk if target is not None else None,
        summary=summary[:500],
        details=details,
    )
    # Inside a caller's transaction no savepoint: the chain's lock lasts until that
    # transaction ends anyway, and a service records a change or fails as a whole.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        change.prev_digest = _last_digest()
        change.digest = row_digest(change.prev_digest, change)
        change.save()
    dispatch(change)
    return change


def _last_digest() -> str:
    """The newest row's digest, "" for an empty log. Plain SQL: every change reads it,
    and building the queryset cost ten times running it."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('digest')} FROM {quote(Change._meta.db_table)}"
            f" ORDER BY {quote('id')} DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else ""


@dataclass(frozen=True)
class ChainBreak:
    change_id: int
    reason: str


def chain_verify() -> tuple[int, ChainBreak | None]:
    """Walk the log in order; return how many rows were checked and the first break.

    The first row links to nothing, or (after a purge) to the last purged row, whose
    digest the purge's own log line keeps."""
    checked = 0
    expected_prev = _purge_anchor()
    for row in Change.objects.order_by("id").iterator(chunk_size=2000):
        if row.prev_digest != expected_prev:
            return checked, ChainBreak(row.pk, "与前一条记录的链接不符（记录被删除或插入）")
        if row.digest != row_digest(row.prev_digest, row):
            return checked, ChainBreak(row.pk, "内容与摘要值不符（记录被修改）")
        expected_prev = row.digest
        checked += 1
    return checked, None


def _purge_anchor() -> str:
    first = Change.objects.order_by("id").values_list("prev_digest", flat=True).first()
    purged = Change.objects.filter(action="audit.purged", details__anchor=first).exists()
    return first if first and purged else ""


def retention_days() -> int:
    """Rows younger than this are never purged: at least 180 days (GB/T 22239 8.1.4.3 d)."""
    return max(settings.GOVDESK_AUDIT_RETENTION_DAYS, 180)


def changes_purge(*, actor, older_than_days: int) -> int:
    """Delete the oldest rows, up to the first row younger than ``older_than_days``.
    Refuses a period shorter than the retention period. The purge is itself logged
    with the digest the remaining chain now starts from."""
    keep = retention_days()
    if older_than_days < keep:
        raise ValidationError(
            f"操作日志至少保存 {keep} 天，不能清理 {older_than_days} 天内的记录。"
        )
    cutoff = clock.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        _lock_chain()
        first_kept = Change.objects.filter(at__gte=cutoff).order_by("id").first()
        old = Change.objects.all()
        if first_kept is not None:
            old = old.filter(id__lt=first_kept.pk)
        if first_kept is None or not old.exists():
            return 0
        count = old.count()
        old._raw_delete(old.db)
        record(
            actor=actor,
            action="audit.purged",
            target=None,
            summary=f"清理 {older_than_days} 天前的操作日志 {count} 条",
            count=count,
            older_than_days=older_than_days,
            anchor=first_kept.prev_digest,
        )
    return count


def history_of(target: models.Model):
    """The change log of one object, oldest first."""
    return (
        Change.objects.filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            target_id=target.pk,
        )
        .select_related("actor")
        .order_by("at", "id")
    )


def require_quiet(*, action: str, target: models.Model, minutes: int, what: str) -> None:
    """Refuse ``action`` on ``target`` if it was recorded in the last ``minutes``: a
    manual reminder (催办) is not sent twice in a row."""
    since = clock.now() - timedelta(minutes=minutes)
    last = history_of(target).filter(action=action, at__gt=since).order_by("-at").first()
    if last is not None:
        again = timezone.localtime(last.at + timedelta(minutes=minutes))
        raise ValidationError(
            f"{last.actor or '系统'}已于{timezone.localtime(last.at):%H:%M}{what}，"
            f"{minutes}分钟内不能重复{what}，请于{again:%H:%M}后再试。"
        )


def model_diff(before: dict, after: dict) -> dict:
    """Fields whose values differ, as {field: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
