from django.urls import path

from govdesk.bulletins import views
from govdesk.items import views as item_views
from govdesk.publications import views as publication_views

# The catalogue's settings page and the external adoption form keep their addresses here.
app_name = "bulletins"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("new/", views.issue_create, name="new"),
    path("<int:pk>/", views.issue_detail, name="detail"),
    path("<int:pk>/entries/", views.entry_add, name="entry_add"),
    path("<int:pk>/pick/", views.pick_list, name="pick"),
    path("<int:pk>/recipients/", views.recipients_set, name="recipients"),
    path("<int:pk>/sign/", views.issue_sign, name="sign"),
    path("<int:pk>/release/", views.issue_release, name="release"),
    path("<int:pk>/void/", views.issue_void, name="void"),
    path("<int:pk>/docx/", views.issue_docx_view, name="docx"),
    path("<int:pk>/pdf/", views.issue_pdf_view, name="pdf"),
    path("publications/<int:pk>/", publication_views.publication_settings, name="settings"),
    path("external/<int:item_pk>/", item_views.external_adoption, name="external"),
    path("entries/<int:pk>/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/move/<str:offset>/", views.entry_move, name="entry_move"),
    path("entries/<int:pk>/remove/", views.entry_remove, name="entry_remove"),
]
