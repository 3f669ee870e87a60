from django.urls import path

from govdesk.emergencies import duty_views, views

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
]
