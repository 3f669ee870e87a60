from django.urls import path

from govdesk.circulars import views

app_name = "circulars"
urlpatterns = [
    path("", views.index, name="index"),
    path("offices/<int:office_id>/", views.office_list, name="office"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
    path("schemes/<int:scheme_id>/issue/", views.issue_live, name="issue_live"),
]
