"""``Idempotency-Key`` for the API's creating POSTs: a client that retries (a lost
response, a double tap) gets what the first request created instead of a duplicate."""

import uuid
from collections.abc import Callable

from ninja import Status
from ninja.errors import HttpError

from govdesk.core import idempotency

IN_PROGRESS = "相同 Idempotency-Key 的请求正在处理，请稍后查询。"
DESCRIPTION = "带 Idempotency-Key 请求头重发同一请求时，返回第一次创建的结果，不会重复创建。"


def request_key(user, path: str, header: str) -> uuid.UUID:
    """A client's key is only unique for that client and endpoint: scope it to both."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"govdesk:{user.pk}:{path}:{header}")


def create_once(request, create: Callable[[], object], found: Callable[[int], object]) -> Status:
    """201 with ``create()``'s object, or with ``found(pk)`` of the object an earlier
    request with the same key created. A failed create releases the key, so the
    corrected request is acted on."""
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return Status(201, create())
    key = request_key(request.auth, request.path, header)

    def work():
        created = create()
        return created, str(created.pk)

    outcome = idempotency.once(key, user=request.auth, path=request.path, work=work)
    if outcome.done:
        return Status(201, outcome.response)
    if not outcome.earlier:
        raise HttpError(409, IN_PROGRESS)
    return Status(201, found(int(outcome.earlier)))
