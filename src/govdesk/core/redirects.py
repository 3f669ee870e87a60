"""Where a form sends people after a POST: back to the page they came from, if that
page is on this site; never to an address a link from elsewhere chose (open redirect)."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request) -> str:
    """The posted ``next`` when it is a path on this site, else ``""``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    local = target.startswith("/") and not target.startswith(("//", "/\\"))
    if local and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def redirect_back(request, default: str, *args, **kwargs):
    """Redirect to the safe ``next``, or to the URL named ``default``."""
    return redirect(safe_next(request) or default, *args, **kwargs)
