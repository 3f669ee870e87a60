"""Who is calling: a bearer token (``Authorization: Bearer <令牌>``) or the browser session.

A session call that changes something must carry the CSRF token; a bearer token is not
an ambient credential, so token calls need none. Either way, an account that must
first change its password is refused with 403.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from govdesk.accounts.tokens import token_lookup
from govdesk.api.clients import admit, admit_token

INVALID_TOKEN = "接口令牌无效或已停用，请检查 Authorization 头中的令牌。"
MUST_CHANGE_PASSWORD = "首次登录须先修改密码：请先登录系统网页修改密码，再使用接口。"
CSRF_FAILED = "CSRF 校验失败：通过会话调用接口修改数据时，须在 X-CSRFToken 头中提供 CSRF 令牌。"


def _admit(user):
    if user.must_change_password:
        raise PermissionDenied(MUST_CHANGE_PASSWORD)
    return user


class TokenAuth(HttpBearer):
    """接口令牌：请求头 ``Authorization: Bearer <令牌>``，令牌由管理员用 create_api_token 签发。"""

    def __call__(self, request: HttpRequest):
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None  # no token (another scheme may belong to a proxy): try the session
        return self.authenticate(request, raw)

    def authenticate(self, request: HttpRequest, token: str):
        found = token_lookup(token)
        if found is None:
            raise AuthenticationError(401, INVALID_TOKEN)
        request.user = found.user
        request.api_token = found
        if found.client_id is not None:
            # A client's scope and rate come first; the endpoint's policy after.
            request.api_client = found.client
            admit(found.client, method=request.method, path=request.path)
        else:
            admit_token(found)
        return _admit(found.user)


class SessionAuth(APIKeyCookie):
    """浏览器会话（登录系统网页后）；修改数据的请求须带 X-CSRFToken 头。"""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        # CSRF is checked in ``authenticate``, only once we know there is a session:
        # an anonymous call is answered 401, not a confusing CSRF 403.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise PermissionDenied(CSRF_FAILED)
        return _admit(user)


AUTH = [TokenAuth(), SessionAuth(csrf=True)]
