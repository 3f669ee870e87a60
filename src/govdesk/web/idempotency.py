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


def idempotent(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        try:
            key = uuid.UUID(request.POST.get(FIELD, ""))
        except ValueError:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                RequestKey.objects.create(key=key, user=request.user, path=request.path)
        except IntegrityError:
            earlier = RequestKey.objects.filter(key=key, user=request.user).first()
            if earlier and earlier.redirect_to:
                messages.info(request, "该操作已经处理，无需重复提交。")
                return HttpResponseRedirect(earlier.redirect_to)
            messages.info(request, "该操作正在处理，请勿重复提交。")
            return HttpResponseRedirect(request.get_full_path())
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            RequestKey.objects.filter(key=key).delete()
            raise
        if isinstance(response, HttpResponseRedirect):
            RequestKey.objects.filter(key=key).update(redirect_to=response.url)
        else:
            RequestKey.objects.filter(key=key).delete()
        return response

    return wrapper
