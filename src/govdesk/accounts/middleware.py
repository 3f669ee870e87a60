from django.shortcuts import redirect
from django.urls import reverse

# Paths a user who must change their password may still reach.
_OPEN_PREFIXES = ("/static/", "/accounts/logout", "/accounts/password/first")


class ForcePasswordChangeMiddleware:
    """After a bulk-issued account's first login, nothing works until the password changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "首次登录须先修改密码。"}, status=403)
            return redirect(reverse("accounts:first_password"))
        return self.get_response(request)
