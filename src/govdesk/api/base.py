"""NinjaAPI with the few things ninja answers outside the exception handlers made
JSON and Chinese too: 405 for a wrong method and 404 for an unknown address."""

import functools

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

UNKNOWN_ENDPOINT = "接口地址不存在，请查阅 /api/docs。"
WRONG_METHOD = "该接口不支持 {method} 请求。"


class ChineseJSONRenderer(JSONRenderer):
    """Chinese text as UTF-8 rather than \\u escapes, readable in curl and logs."""

    json_dumps_params = {"ensure_ascii": False}


def _json_405(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            replacement = JsonResponse(
                {"detail": WRONG_METHOD.format(method=request.method)},
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            replacement["Allow"] = response["Allow"]
            return replacement
        return response

    return wrapper


@csrf_exempt
def _unknown_endpoint(request, *args, **kwargs):
    return JsonResponse(
        {"detail": UNKNOWN_ENDPOINT}, status=404, json_dumps_params={"ensure_ascii": False}
    )


class GovDeskAPI(NinjaAPI):
    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if getattr(pattern, "name", None) == "api-root":
                # ninja answers /api/ with a 404 naming the docs; send people there instead.
                pattern.callback = lambda request, **kwargs: redirect(
                    f"{request.path}{self.docs_url}".replace("//", "/")
                )
            elif hasattr(pattern, "callback"):
                pattern.callback = _json_405(pattern.callback)
        return [*patterns, re_path(r"^.*$", _unknown_endpoint)]
