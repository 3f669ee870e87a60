from django.urls import path

from govdesk.search import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("similar/", views.similar_home, name="similar_home"),
    path("similar/<int:office_id>/", views.similar, name="similar"),
    path("similar/<int:office_id>/not-duplicate/", views.not_duplicate, name="not_duplicate"),
]
