"""Tells the page that a download has arrived (govdesk.js, data-download): a request
carrying ``download_token`` gets it back in a short-lived cookie with its file."""

import re

TOKEN = re.compile(r"[0-9a-z]{6,40}")
COOKIE = "govdesk_download"


def download_token_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        token = request.GET.get("download_token", "")
        if TOKEN.fullmatch(token) and "attachment" in response.get("Content-Disposition", ""):
            # Read by the page's script, so not HttpOnly; it names nothing secret.
            response.set_cookie(
                COOKIE, token, max_age=120, samesite="Lax", secure=request.is_secure()
            )
        return response

    return middleware
