from django.urls import path

from govdesk.web import config, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("config/", config.config_index, name="config"),
]
