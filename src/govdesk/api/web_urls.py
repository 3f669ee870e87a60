from django.urls import path

from govdesk.api import views

app_name = "api_clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<int:pk>/", views.client_detail, name="client"),
]
