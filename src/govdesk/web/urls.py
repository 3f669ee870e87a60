from django.urls import path

from govdesk.web import export_views, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<int:export_id>/", export_views.export_download, name="export_download"),
]
