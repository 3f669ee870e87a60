from django.urls import path

from govdesk.solicitations import views

app_name = "solicitations"
urlpatterns = [
    path("", views.solicitation_list, name="list"),
    path("new/", views.solicitation_new, name="new"),
    path("<int:pk>/", views.solicitation_detail, name="detail"),
    path("<int:pk>/urge/", views.solicitation_urge, name="urge"),
    path("key-points/", views.key_points, name="key_points"),
    path("key-points/item/<int:item_pk>/", views.item_tag, name="item_tag"),
]
