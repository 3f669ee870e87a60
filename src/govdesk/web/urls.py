from django.urls import path

from govdesk.core import export_views
from govdesk.web import config, health, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("config/", config.config_index, name="config"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<int:export_id>/", export_views.export_download, name="export_download"),
]
