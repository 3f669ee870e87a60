from django.urls import path

from govdesk.emergencies import alert_views, duty_views, roster_views, views

app_name = "emergencies"
urlpatterns = [
    path("", views.board, name="board"),
    path("new/", views.report_new, name="new"),
    path("phone/", views.phone_new, name="phone"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("events/<int:pk>/daily/", views.daily, name="daily"),
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/new/", views.penalty_new, name="penalty_new"),
    path("timeliness/", views.timeliness, name="timeliness"),
]
urlpatterns += [
    path("duty/", duty_views.duty_page, name="duty"),
    path("duty/notice/", duty_views.duty_notice, name="duty_notice"),
    path("duty/rosters/", roster_views.rosters, name="rosters"),
]
urlpatterns += [
    path("alerts/", alert_views.alert_settings, name="alert_settings"),
    path("alerts/<int:office_id>/", alert_views.alert_office, name="alert_office"),
    path("alerts/<int:office_id>/test/", alert_views.channel_test, name="channel_test"),
    path(
        "alerts/<int:office_id>/webhooks/<int:pk>/delete/",
        alert_views.webhook_delete,
        name="webhook_delete",
    ),
]
