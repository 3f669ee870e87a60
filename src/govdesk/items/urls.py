from django.urls import path

from govdesk.items import lists, views

app_name = "items"
urlpatterns = [
    path("mine/", lists.mine, name="mine"),
    path("review/", lists.review, name="review"),
    path("desk/", lists.desk, name="desk"),
    path("desk/bulk/", lists.desk_bulk, name="desk_bulk"),
    path("adopted/", lists.adopted, name="adopted"),
    path("new/", views.item_form, name="new"),
    path("autosave/", views.item_autosave, name="autosave_new"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_form, name="edit"),
    path("<int:pk>/autosave/", views.item_autosave, name="autosave"),
    path("<int:pk>/credit/", views.item_credit, name="credit"),
    path("<int:pk>/heartbeat/", views.item_heartbeat, name="heartbeat"),
    path("<int:pk>/act/<slug:action>/", views.item_act, name="act"),
    path("<int:pk>/adopt/", views.item_adopt, name="adopt"),
    path("<int:pk>/adopt/kinds/", views.adopt_kinds, name="adopt_kinds"),
    path("<int:pk>/forward/", views.item_forward, name="forward"),
    path("<int:pk>/versions/", views.version_diff, name="versions"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
]
