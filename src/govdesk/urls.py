from django.contrib import admin
from django.urls import include, path

from govdesk.api.urls import api

admin.site.site_header = admin.site.site_title = "政务信息系统 · 配置管理"
admin.site.index_title = "配置管理"


def _superuser_only(request) -> bool:
    """The Django admin is the superusers' tool; offices configure their settings on the
    system's own pages (``/config/``), where the policy scopes every change."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superuser_only

urlpatterns = [
    # First: Django tries these in order, and an API call (the busiest requests) paid
    # about 35 µs for walking the pages' patterns first. No other prefix matches api/.
    path("api/", api.urls),
    path("", include("govdesk.web.urls")),
    path("accounts/", include("govdesk.accounts.urls")),
    path("units/", include("govdesk.units.urls")),
    path("items/", include("govdesk.items.urls")),
    path("search/", include("govdesk.search.urls")),
    path("quality/", include("govdesk.quality.urls")),
    path("emergencies/", include("govdesk.emergencies.urls")),
    path("bulletins/", include("govdesk.bulletins.urls")),
    path("publications/", include("govdesk.publications.config_urls")),
    path("annotations/", include("govdesk.annotations.urls")),
    path("solicitations/", include("govdesk.solicitations.urls")),
    path("notifications/", include("govdesk.notifications.urls")),
    path("scoring/", include("govdesk.scoring.urls")),
    path("circulars/", include("govdesk.circulars.urls")),
    path("awards/", include("govdesk.awards.urls")),
    path("portal/", include("govdesk.portal.urls")),
    path("records/", include("govdesk.records.urls")),
    path("config/api-clients/", include("govdesk.api.web_urls")),
    path("admin/", admin.site.urls),
]

handler400 = "govdesk.web.errors.bad_request"
handler403 = "govdesk.web.errors.forbidden"
handler404 = "govdesk.web.errors.not_found"
handler500 = "govdesk.web.errors.server_error"
