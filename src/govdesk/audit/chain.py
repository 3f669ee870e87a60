"""The hash chain that makes the change log tamper-evident (GB/T 22239 8.1.4.3 c).

Each row's ``digest`` is SHA-256 over the previous row's digest and the row's own
content in a canonical form, so changing, deleting or inserting a row anywhere breaks
every link after it. No Django model import here: the migration that chains rows
written before the chain existed uses the same function.
"""

import hashlib
import json
from datetime import UTC


def canonical(*, at, actor_id, action, target_type_id, target_id, summary, details) -> str:
    """The row's content as one string; JSON keys sorted, times in UTC to the microsecond."""
    return json.dumps(
        [
            at.astimezone(UTC).isoformat(timespec="microseconds"),
            actor_id,
            action,
            target_type_id,
            target_id,
            summary,
            details,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def link(prev_digest: str, content: str) -> str:
    return hashlib.sha256((prev_digest + "\n" + content).encode()).hexdigest()


def row_digest(prev_digest: str, row) -> str:
    """The digest ``row`` (a Change, or a historical model's row) should carry."""
    return link(
        prev_digest,
        canonical(
            at=row.at,
            actor_id=row.actor_id,
            action=row.action,
            target_type_id=row.target_type_id,
            target_id=row.target_id,
            summary=row.summary,
            details=row.details,
        ),
    )
