"""What a signed-in person must do before anything else works, and session timeouts.

Both read flags the login left in the session (``govdesk.accounts.security``), so a
normal request costs no query here.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from govdesk.accounts.security import LOGIN_AT, SEEN_AT, login_step_pending

# Paths open to a person who still owes a login step.
_OPEN_PREFIXES = ("/static/", "/accounts/logout", "/accounts/password/first", "/accounts/otp/")
# The idle clock is written to the session at most this often (seconds).
_SEEN_GRANULARITY = 60


def _refuse(request, message: str, to: str):
    """JSON for the API; otherwise the page of the step, coming back here afterwards."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=401 if to == "login" else 403)
    if to == "accounts:first_password":
        return redirect(reverse(to))
    if to == "login":
        messages.info(request, message)
        to = "accounts:login"
    return redirect(f"{reverse(to)}?{urlencode({'next': request.get_full_path()})}")


class SessionTimeoutMiddleware:
    """Signs a person out after GOVDESK_SESSION_IDLE_MINUTES without a request, and
    SESSION_COOKIE_AGE after the login whatever they do (GB/T 22239 8.1.4.1 b)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())  # wall-clock, never the services' clock
            session = request.session
            idle = settings.GOVDESK_SESSION_IDLE_MINUTES * 60
            seen, login_at = session.get(SEEN_AT, now), session.get(LOGIN_AT, now)
            if idle and now - seen > idle:
                minutes = settings.GOVDESK_SESSION_IDLE_MINUTES
                return self._end(
                    request, "长时间未操作", f"您已 {minutes} 分钟未操作，请重新登录。"
                )
            if now - login_at > settings.SESSION_COOKIE_AGE:
                return self._end(request, "登录时间已满", "登录时间已满，请重新登录。")
            if now - seen >= _SEEN_GRANULARITY or SEEN_AT not in session:
                session[SEEN_AT] = now
                session.setdefault(LOGIN_AT, now)
        return self.get_response(request)

    @staticmethod
    def _end(request, reason: str, message: str):
        request.govdesk_logout_reason = reason
        logout(request)
        return _refuse(request, message, "login")


class LoginStepsMiddleware:
    """Until they are done nothing else works: the second factor for the roles that need
    it, then a new password for a bulk-issued account or an expired password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            step = _STEPS.get(login_step_pending(request))
            if step is not None:
                return _refuse(request, *step)
        return self.get_response(request)


_STEPS = {
    "otp": ("请先完成动态口令验证。", "accounts:otp"),
    "first_password": ("首次登录须先修改密码。", "accounts:first_password"),
    "expired_password": ("密码已过期，请先修改密码。", "accounts:first_password"),
}
