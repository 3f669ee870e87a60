from django.urls import path

from govdesk.records import views

app_name = "records"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("export/", views.export_download, name="export"),
]
