from django.urls import path

from govdesk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
    path("sent/", views.sent_list, name="sent"),
    path("messages/<int:pk>/", views.message_log, name="message"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
    path("webhooks/<int:pk>/test/", views.webhook_test, name="webhook_test"),
    path(
        "webhooks/<int:pk>/deliveries/<int:delivery_id>/resend/",
        views.webhook_resend,
        name="webhook_resend",
    ),
]
