"""Error answers in Chinese: a page in the system's look, or JSON ``{"detail": …}`` for
/api/ paths, for everything Django answers outside the views (400/403/404/413/500,
a failed CSRF check) and for requests refused before they reach a view."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger("govdesk.web")

API_PREFIX = "/api/"
BAD_REQUEST = "请求格式有误，系统无法处理。请返回上一页重新操作。"
FORBIDDEN = "您没有访问此页面的权限。"
NOT_FOUND = "您访问的页面不存在，或您无权查看。"
SERVER_ERROR = "服务器处理出错，已记录日志，请稍后重试或联系管理员。"
CSRF_FAILED = "页面已过期或来源无法验证，请刷新页面后重新提交（已填写的内容可用“恢复”找回）。"
OUT_OF_RANGE = "提交的内容超出系统允许的长度或数值范围，请返回修改后重试。"
# Request-size refusals name the limit, so the user knows what to shorten.
TOO_LARGE = "提交的内容过大（超过 {limit}），请删减内容或分多次提交；附件请逐个上传。"
HEADINGS = {
    400: "请求有误",
    403: "无权访问",
    404: "页面不存在",
    413: "内容过大",
    500: "服务器出错",
}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def too_large_message(limit_bytes: int | None = None) -> str:
    return TOO_LARGE.format(limit=_megabytes(limit_bytes or settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def max_request_bytes() -> int:
    """The largest body any request may carry: the largest attachment plus form fields."""
    return (max(settings.GOVDESK_ATTACHMENT_LIMITS_MB.values()) + 1) * 1024 * 1024


def answer(request, status: int, message: str, heading: str = ""):
    """JSON for the API, otherwise the error page (plain, if the full page fails too)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    context = {"heading": heading or HEADINGS.get(status, "出错了"), "message": message}
    try:
        return render(request, "web/error.html", context, status=status)
    except Exception:  # the failure may be the database the navigation reads
        logger.exception("error page could not be rendered with navigation")
        return HttpResponse(
            render_to_string(
                "web/error_plain.html", {**context, "brand_name": settings.GOVDESK_SITE_NAME}
            ),
            status=status,
        )


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return answer(request, 413, too_large_message())
    return answer(request, 400, BAD_REQUEST)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else FORBIDDEN
    return answer(request, 403, message)


def not_found(request, exception=None):
    return answer(request, 404, NOT_FOUND)


def server_error(request):
    return answer(request, 500, SERVER_ERROR)


def csrf_failure(request, reason=""):
    return answer(request, 403, CSRF_FAILED, heading="页面已过期")


class InputLimits:
    """Refuse a request whose declared length passes every limit before reading it, so a
    huge upload is answered 413 at once instead of filling the disk first; and answer
    a value the database refuses (text past a column's length on PostgreSQL, a number
    past its range) with 422 rather than a 500, should one get past the forms."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return answer(request, 400, BAD_REQUEST)
        limit = max_request_bytes()
        if length > limit:
            return answer(request, 413, too_large_message(limit))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DataError):
            logger.warning("data error on %s: %s", request.path, exception)
            return answer(request, 422, OUT_OF_RANGE, heading="内容超出范围")
        return None
