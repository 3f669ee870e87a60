from django.urls import path

from govdesk.web import views

app_name = "web"
urlpatterns = [path("", views.dashboard, name="dashboard")]
