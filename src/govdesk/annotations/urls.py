from django.urls import path

from govdesk.annotations import views

app_name = "annotations"
urlpatterns = [
    path("item/<int:item_pk>/new/", views.annotation_new, name="new"),
    path("supervision/", views.task_list, name="tasks"),
    path("supervision/<int:pk>/", views.task_detail, name="task"),
    path("supervision/<int:pk>/sheet/", views.task_sheet, name="task_sheet"),
    path("supervision/<int:pk>/close/", views.task_close, name="task_close"),
    path("supervision/<int:pk>/urge/", views.task_urge, name="task_urge"),
    path("feedback/<int:pk>/file/", views.feedback_file, name="feedback_file"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<int:pk>/delete/", views.calendar_delete, name="calendar_delete"),
]
