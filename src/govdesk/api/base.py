"""NinjaAPI with the few things ninja answers outside the exception handlers made
JSON and Chinese too: 405 for a wrong method and 404 for an unknown address; and the
error answers of ``errors.install`` declared on every operation of the OpenAPI document."""

import functools
import logging
import re
import time

from django.db import DatabaseError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from govdesk.api.clients import call_log
from govdesk.api.errors import EXAMPLES
from govdesk.api.schemas import db_ints

logger = logging.getLogger("govdesk.api")

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


ERROR_SCHEMA = {
    "type": "object",
    "title": "错误",
    "properties": {
        "detail": {"type": "string", "description": "中文说明"},
        "errors": {
            "type": "object",
            "description": "字段名 → 该字段的问题（仅在具体字段有误时出现）",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
# Status -> meaning, as every operation can answer them (see govdesk.api.errors).
READ_ERRORS = {
    400: "请求格式有误",
    401: "未认证",
    403: "无权执行此操作",
    404: "对象不存在或无权查看",
    422: "参数有误（含超出范围的数值、超长或含控制字符的文本）",
    429: "请求过于频繁：接口客户端或个人接口令牌超出每分钟调用上限，Retry-After 头给出须等待的秒数",
}
WRITE_ERRORS = {
    **READ_ERRORS,
    409: "状态不允许该操作，或已被他人修改",
    413: "请求体过大",
}


# ninja's own pages: the document and its viewer are not API calls.
_NOT_CALLS = {"api-root", "openapi-json", "openapi-view"}


def _endpoint(pattern) -> str:
    """``items/<int:item_id>`` -> ``/api/items/{item_id}``, as the OpenAPI document names it."""
    return "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def _logged(view, endpoint: str):
    """Every call into ``ApiCall``: client, acting user, endpoint, method, status, time."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.monotonic()
        response = view(request, *args, **kwargs)
        user = getattr(request, "auth", None) or getattr(request, "user", None)
        client = getattr(request, "api_client", None)
        token = getattr(request, "api_token", None)
        try:
            call_log(
                client_id=client.pk if client else None,
                user_id=user.pk if getattr(user, "is_authenticated", False) else None,
                token_id=token.pk if token else None,
                method=request.method,
                endpoint=endpoint,
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        except DatabaseError:
            logger.exception("API call not logged: %s %s", request.method, endpoint)
        return response

    return wrapper


def _bound_path_ints(router) -> None:
    """Path ids get the bounds query and body ids have (``schemas.QuerySchema``): an id
    past the database's 64-bit range is a 422 with a Chinese message, declared in the
    OpenAPI document as the parameter's minimum and maximum, rather than a 404."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            for model in operation.signature.models:
                if model.__ninja_param_source__ != "path":
                    continue
                for field in model.model_fields.values():
                    field.annotation = db_ints(field.annotation)
                model.model_rebuild(force=True)
    for child in router._routers:
        _bound_path_ints(child[1])


class GovDeskAPI(NinjaAPI):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._documents = {}  # path prefix -> OpenAPI document (get_openapi_schema)

    def add_router(self, prefix, router, **kwargs):
        super().add_router(prefix, router, **kwargs)
        _bound_path_ints(router)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The OpenAPI document, built once per process and shared, read-only, by every
        caller: the routes cannot change once the URLs are built, and building the
        1.2 MB document costs half a second of CPU per request of /api/openapi.json."""
        if path_prefix is None:  # as ninja does: where the API is mounted (the script prefix)
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._documents:
            self._documents[path_prefix] = self._build_openapi_schema(path_prefix)
        return self._documents[path_prefix]

    def _build_openapi_schema(self, path_prefix):
        document = super().get_openapi_schema(path_prefix=path_prefix)
        for methods in document["paths"].values():
            for method, operation in methods.items():
                errors = READ_ERRORS if method == "get" else WRITE_ERRORS
                responses = operation.setdefault("responses", {})
                declared = {str(status) for status in responses}  # ninja's keys are ints
                for status, meaning in errors.items():
                    if str(status) in declared:
                        continue
                    responses[str(status)] = {
                        "description": meaning,
                        "content": {
                            "application/json": {
                                "schema": ERROR_SCHEMA,
                                "example": EXAMPLES[status],
                            }
                        },
                    }
        return document

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
                if getattr(pattern, "name", None) not in _NOT_CALLS:
                    pattern.callback = _logged(pattern.callback, _endpoint(pattern))
        return [*patterns, re_path(r"^.*$", _unknown_endpoint)]
