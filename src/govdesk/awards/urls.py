from django.urls import path

from govdesk.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:scheme_id>/", views.evaluation, name="evaluation"),
    path("<int:scheme_id>/decide/", views.decide, name="decide"),
    path("<int:scheme_id>/notice/", views.notice, name="notice"),
    path("<int:scheme_id>/officers/", views.officers, name="officers"),
    path(
        "<int:scheme_id>/awards/<int:award_id>/units/<int:unit_id>/",
        views.candidate,
        name="candidate",
    ),
    path(
        "<int:scheme_id>/awards/<int:award_id>/units/<int:unit_id>/attest/",
        views.attest,
        name="attest",
    ),
    path(
        "<int:scheme_id>/awards/<int:award_id>/units/<int:unit_id>/override/",
        views.override,
        name="override",
    ),
]
