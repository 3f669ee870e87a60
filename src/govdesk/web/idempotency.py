"""Idempotent form posts: every form carries a one-time ``request_key``.

The first POST with a key claims it by inserting a row (the primary key makes the
claim atomic across processes); a repeat is redirected to wherever the first one
went. A POST that did not end in a redirect (e.g. a form with errors) releases its
key so the user can correct and resend.
"""

import functools
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect

from govdesk.web.models import RequestKey

FIELD = "request_key"


def new_key() -> str:
    return str(uuid.uuid4())


def claim(key: uuid.UUID, *, user, path: str) -> RequestKey | None:
    """Claim ``key`` for this request. None: it is ours, go ahead. Otherwise the earlier
    request's row: ``result`` says where it ended (a URL for pages, an id for the API),
    or is empty while it runs."""
    try:
        with transaction.atomic():
            RequestKey.objects.create(key=key, user=user, path=path)
    except IntegrityError:
        return RequestKey.objects.filter(key=key, user=user).first() or RequestKey(key=key)
    return None


def settle(key: uuid.UUID, *, result: str | None) -> None:
    """Remember where a claimed request ended, or release the key (``result`` None) so a
    corrected resend is acted on."""
    if result is None:
        RequestKey.objects.filter(key=key).delete()
    else:
        RequestKey.objects.filter(key=key).update(result=result)


def idempotent(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            key = uuid.UUID(request.POST.get(FIELD, ""))
        except ValueError:
            return view(request, *args, **kwargs)
        earlier = claim(key, user=request.user, path=request.path)
        if earlier is not None:
            if earlier.result:
                messages.info(request, "该操作已经处理，无需重复提交。")
                return HttpResponseRedirect(earlier.result)
            messages.info(request, "该操作正在处理，请勿重复提交。")
            return HttpResponseRedirect(request.get_full_path())
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            settle(key, result=None)
            raise
        redirected = isinstance(response, HttpResponseRedirect)
        settle(key, result=response.url if redirected else None)
        return response

    return wrapper
