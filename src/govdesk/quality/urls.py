from django.urls import path

from govdesk.quality import views

app_name = "quality"
urlpatterns = [path("hints/", views.hints, name="hints")]
