from django.urls import path

from govdesk.units import views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("search/", views.unit_search, name="search"),
    path("new/", views.unit_add, name="add"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/settings/", views.unit_settings, name="settings"),
]
