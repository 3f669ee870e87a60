"""Idempotent requests: every form carries a one-time ``request_key``; API clients send
an ``Idempotency-Key`` header (``govdesk.api.idempotent``).

The first request with a key claims it by inserting a row (the primary key makes the
claim atomic across processes). Its work and the key's ``result`` (where it ended: a
URL for pages, an id for the API) commit in one transaction, so a key is settled
exactly when the work is committed: work after the commit (indexing, alerts) cannot
un-settle it. A request killed before its commit leaves a claim without a result; a
retry after GOVDESK_REQUEST_KEY_CLAIM_SECONDS takes it over and does the work once.
A request that ends without a result (a form with errors, a refused API call)
releases its key so the corrected resend is acted on. The worker purges keys after
GOVDESK_REQUEST_KEY_RETENTION_DAYS (``tasks.purge_request_keys``).
"""

import functools
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponseRedirect

from govdesk.core.models import RequestKey
from govdesk.lib import clock

FIELD = "request_key"
log = logging.getLogger(__name__)


def new_key() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Outcome:
    """``done``: this request did the work and ``response`` is what it answered.
    Otherwise ``earlier`` is the earlier request's result, or "" while it runs."""

    done: bool
    response: object = None
    earlier: str = ""


class _Overtaken(Exception):
    """Our claim expired and another request took the key over: undo our work."""


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.GOVDESK_REQUEST_KEY_CLAIM_SECONDS)


def claim(key: uuid.UUID, *, user, path: str) -> datetime | str:
    """Claim ``key``: the claim's time if this request now holds it; otherwise the
    earlier request's result ("" while it runs)."""
    for _ in range(3):  # a released or taken-over key changed under us: look again
        now = clock.now()
        try:
            with transaction.atomic():
                RequestKey.objects.create(key=key, user=user, path=path, claimed_at=now)
            return now
        except IntegrityError:
            pass
        row = RequestKey.objects.filter(key=key).values_list("user_id", "result", "claimed_at")
        earlier = row.first()
        if earlier is None:
            continue
        owner, result, claimed_at = earlier
        if owner != user.pk:
            return ""  # someone else's key is never theirs to read or to take over
        if result or claimed_at > now - claim_timeout():
            return result
        # The claim outlived any request (the server was killed before its commit).
        taken = RequestKey.objects.filter(key=key, result="", claimed_at=claimed_at)
        if taken.update(claimed_at=now):
            return now
    return ""


def _release(key: uuid.UUID, claimed_at: datetime) -> None:
    try:
        RequestKey.objects.filter(key=key, claimed_at=claimed_at, result="").delete()
    except DatabaseError:
        # Not fatal: nothing was done, and the claim expires after the timeout.
        log.exception("could not release request key %s", key)


def once(
    key: uuid.UUID, *, user, path: str, work: Callable[[], tuple[object, str | None]]
) -> Outcome:
    """Do ``work`` unless a request with ``key`` did or is doing it. ``work`` returns
    (response, result): the result a repeat gets, or None when nothing was done."""
    claimed_at = claim(key, user=user, path=path)
    if isinstance(claimed_at, str):
        return Outcome(done=False, earlier=claimed_at)
    try:
        with transaction.atomic():
            response, result = work()
            if result is not None:
                settled = RequestKey.objects.filter(key=key, claimed_at=claimed_at, result="")
                if not settled.update(result=result):
                    raise _Overtaken
    except _Overtaken:
        return Outcome(done=False)
    except BaseException:
        _release(key, claimed_at)
        raise
    if result is None:
        _release(key, claimed_at)
    return Outcome(done=True, response=response)


def purge(*, now: datetime | None = None) -> int:
    """Forget keys claimed more than the retention period ago; returns how many."""
    cutoff = (now or clock.now()) - timedelta(days=settings.GOVDESK_REQUEST_KEY_RETENTION_DAYS)
    deleted, _ = RequestKey.objects.filter(claimed_at__lt=cutoff).delete()
    return deleted


def idempotent(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            key = uuid.UUID(request.POST.get(FIELD, ""))
        except ValueError:
            return view(request, *args, **kwargs)

        def work():
            response = view(request, *args, **kwargs)
            redirected = isinstance(response, HttpResponseRedirect)
            return response, response.url if redirected else None

        outcome = once(key, user=request.user, path=request.path, work=work)
        if outcome.done:
            return outcome.response
        if outcome.earlier:
            messages.info(request, "该操作已经处理，无需重复提交。")
            return HttpResponseRedirect(outcome.earlier)
        messages.info(request, "该操作正在处理，请勿重复提交。")
        return HttpResponseRedirect(request.get_full_path())

    return wrapper
