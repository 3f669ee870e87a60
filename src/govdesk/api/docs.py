"""Interactive API docs served entirely from this server (no CDN: the intranet has
no internet). Swagger UI comes from django-ninja's bundled static files."""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger, _csrf_needed


class LocalSwagger(Swagger):
    """ninja's Swagger page, always rendered from our template with ``{% static %}`` URLs.

    ninja falls back to a CDN template when "ninja" is missing from INSTALLED_APPS;
    this class never does (the system check ``govdesk.api.E001`` reports the missing
    app, without which the static files are not collected).
    """

    template = "api/docs.html"
    default_settings = {
        **Swagger.default_settings,
        # Swagger UI otherwise sends the document's URL to validator.swagger.io for a badge.
        "validatorUrl": None,
    }

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1, ensure_ascii=False),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)
