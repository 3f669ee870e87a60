from django.urls import path

from govdesk.scoring import config_views, views

app_name = "scoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:scheme_id>/ranking/", views.ranking, name="ranking"),
    path("<int:scheme_id>/notice/", views.notice, name="notice"),
    path("<int:scheme_id>/compare/", views.compare, name="compare"),
    path("<int:scheme_id>/units/<int:unit_id>/", views.unit_ledger, name="ledger"),
    path("schemes/", config_views.scheme_list, name="schemes"),
    path("schemes/<int:scheme_id>/", config_views.scheme_settings, name="scheme_settings"),
    path("schemes/<int:scheme_id>/rules/", config_views.scheme_rules, name="scheme_rules"),
    path("schemes/<int:scheme_id>/status/", config_views.scheme_status, name="scheme_status"),
]
