from django.urls import path

from govdesk.scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:scheme_id>/ranking/", views.ranking, name="ranking"),
    path("<int:scheme_id>/notice/", views.notice, name="notice"),
    path("<int:scheme_id>/compare/", views.compare, name="compare"),
    path("<int:scheme_id>/units/<int:unit_id>/", views.unit_ledger, name="ledger"),
]
