from django.urls import path

from govdesk.web import config, health, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("config/", config.config_index, name="config"),
]
