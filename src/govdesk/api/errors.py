"""Every error the API returns is JSON ``{"detail": "中文说明", "errors": {字段: [说明]}}``.

``errors`` appears only when particular fields are at fault. Denials are 403/404,
workflow refusals and edit conflicts 409, bad input 422; nothing a caller can
provoke becomes a 500.
"""

import logging
import re

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    ValidationError,
)
from django.db import DataError, IntegrityError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from govdesk.api.clients import RateLimited
from govdesk.awards.services import AwardsConflict
from govdesk.bulletins.services import IssueError
from govdesk.items.services import EditConflict
from govdesk.items.workflow import TransitionError
from govdesk.lib.text import CONTROL_MESSAGE
from govdesk.web.errors import too_large_message

logger = logging.getLogger("govdesk.api")

NOT_FOUND = "您访问的对象不存在，或您无权查看。"
FORBIDDEN = "您没有执行此操作的权限。"
UNAUTHORIZED = "请先登录，或在 Authorization 头中提供有效的接口令牌（Bearer）。"
INVALID_INPUT = "提交的内容有误，请按字段提示修改后重试。"
INVALID_REQUEST = "请求参数有误，请按字段提示修改后重试。"
DUPLICATE = "数据已被他人修改或该操作已处理，请刷新后核对。"
SERVER_ERROR = "服务器处理出错，已记录日志，请稍后重试或联系管理员。"
MALFORMED = "请求格式有误：multipart/form-data 请求须带 boundary 且格式完整。"
OUT_OF_RANGE = "数值超出系统允许的范围。"
NON_FIELD = "__all__"

_CJK = re.compile(r"[\u4e00-\u9fff]")

# ninja's own English messages, by status.
_HTTP_MESSAGES = {
    400: "请求格式有误：请求体须为有效的 JSON。",
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: "不支持该请求方法。",
    429: "请求过于频繁，请稍后再试。",
}


# What a caller sees for each error status, as the OpenAPI document's examples.
EXAMPLES = {
    400: {"detail": _HTTP_MESSAGES[400]},
    401: {"detail": UNAUTHORIZED},
    403: {"detail": FORBIDDEN},
    404: {"detail": NOT_FOUND},
    409: {"detail": DUPLICATE},
    413: {"detail": too_large_message(2 * 1024 * 1024)},
    422: {"detail": INVALID_REQUEST, "errors": {"title": ["此项为必填项。"]}},
    429: {"detail": _HTTP_MESSAGES[429]},
}


def _chinese(message: str, default: str) -> str:
    """Use the exception's own message only when it is written for users (in Chinese)."""
    return message if message and _CJK.search(message) else default


def _pydantic_message(error: dict) -> str:
    """A Chinese sentence for one pydantic error."""
    kind = error.get("type", "")
    ctx = {"expected": "", **(error.get("ctx") or {})}
    if kind == "missing":
        return "此项为必填项。"
    if kind in ("literal_error", "enum"):
        expected = re.sub(r"'|, | or ", lambda m: "" if m[0] == "'" else "、", ctx["expected"])
        return f"取值无效，可选值：{expected}。"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "请填写整数。"
    if kind in ("string_type", "string_unicode"):
        return "请填写文本。"
    if kind in ("bool_parsing", "bool_type"):
        return "请填写 true 或 false。"
    if kind.startswith("date_") or kind == "date_type":
        return "日期格式应为 YYYY-MM-DD。"
    if kind.startswith("datetime_"):
        return "时间格式应为 ISO 8601，如 2026-06-03T09:30:00+08:00。"
    if kind == "control_characters":
        return CONTROL_MESSAGE
    if kind == "string_too_long":
        return f"长度不能超过 {ctx.get('max_length')} 个字符。"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项。"
    if kind == "string_too_short":
        return f"长度不能少于 {ctx.get('min_length')} 个字符。"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}。"
    if kind == "greater_than":
        return f"须大于 {ctx.get('gt')}。"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}。"
    if kind == "less_than":
        return f"须小于 {ctx.get('lt')}。"
    if kind == "extra_forbidden":
        return "不支持此字段。"
    if kind in ("list_type", "set_type", "tuple_type"):
        return "应为列表。"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "应为 JSON 对象。"
    if kind == "json_invalid":
        return "不是有效的 JSON。"
    return "取值无效。"


def _field_name(loc) -> str:
    """``("body", "payload", "title")`` -> ``title``; ``("query", "state")`` -> ``state``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        source, parts = parts[0], parts[1:]
        if source == "body" and len(parts) > 1:
            parts = parts[1:]  # the endpoint's parameter name carries no meaning for callers
    return ".".join(parts) or NON_FIELD


# Model field names the services report under, as the API's input names them.
_INPUT_NAMES = {"authors": "author_ids"}


def _django_messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            _INPUT_NAMES.get(field, field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _summary(errors: dict[str, list[str]], default: str) -> str:
    messages = [m for ms in errors.values() for m in ms]
    return messages[0] if len(messages) == 1 else default


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api`` (most specific exception class wins)."""

    def reply(request, status: int, detail: str, errors: dict | None = None, **headers):
        body = {"detail": detail}
        if errors:
            body["errors"] = errors
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name.replace("_", "-")] = value
        return response

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return reply(request, 403, _chinese(str(exc), FORBIDDEN))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return reply(request, 404, _chinese(str(exc), NOT_FOUND))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return reply(request, 404, NOT_FOUND)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        errors = _django_messages(exc)
        return reply(request, 422, _summary(errors, INVALID_INPUT), errors)

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_name(error.get("loc", ())), []).append(
                _pydantic_message(error)
            )
        return reply(request, 422, INVALID_REQUEST, errors)

    @api.exception_handler(TransitionError)
    def refused(request, exc):
        return reply(request, 409, _chinese(str(exc), "该操作不适用于信息当前的状态。"))

    @api.exception_handler(IssueError)
    def issue_refused(request, exc):
        return reply(request, 409, _chinese(str(exc), "刊期当前的状态或内容不允许该操作。"))

    @api.exception_handler(AwardsConflict)
    def awards_refused(request, exc):
        # A ValidationError for the pages; here the list's state, not the input, refuses.
        return reply(request, 409, exc.messages[0])

    @api.exception_handler(EditConflict)
    def conflict(request, exc):
        return reply(request, 409, _chinese(str(exc), DUPLICATE))

    @api.exception_handler(IntegrityError)
    def duplicate(request, exc):
        # Two requests raced past the services' checks (e.g. a double adoption).
        logger.warning("API integrity error on %s: %s", request.path, exc)
        return reply(request, 409, DUPLICATE)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return reply(request, 413, too_large_message())

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc):
        return reply(request, 413, too_large_message())

    @api.exception_handler(MultiPartParserError)
    def malformed(request, exc):
        return reply(request, 400, MALFORMED)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        logger.warning("API suspicious request on %s: %s", request.path, exc)
        return reply(request, 400, _HTTP_MESSAGES[400])

    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        # A value the schemas let through but the database cannot hold.
        logger.warning("API data error on %s: %s", request.path, exc)
        return reply(request, 422, OUT_OF_RANGE)

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        return reply(request, 429, str(exc), Retry_After=str(exc.retry_after))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        detail = _chinese(exc.message, UNAUTHORIZED)
        return reply(request, 401, detail, WWW_Authenticate='Bearer realm="govdesk"')

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        default = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
        return reply(request, exc.status_code, _chinese(exc.message, default))

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
        return reply(request, 500, SERVER_ERROR)
