from django.urls import path

from govdesk.records import views

app_name = "records"
urlpatterns = [
    path("import/", views.import_page, name="import"),
    path("import/runs/<int:run_id>/", views.run_page, name="run"),
    path("import/runs/<int:run_id>/apply/", views.run_apply, name="run_apply"),
    path("import/template.xlsx", views.template_download, name="template"),
    path("export/", views.export_download, name="export"),
]
