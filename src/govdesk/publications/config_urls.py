"""刊物与栏目 (配置管理). Issues keep their own URLs (``urls.py``, under /bulletins/)."""

from django.urls import path

from govdesk.publications import config_views

app_name = "publications"
urlpatterns = [
    path("", config_views.publication_list, name="list"),
    path("<int:pk>/", config_views.publication_edit, name="edit"),
    path("columns/<int:pk>/", config_views.column_action, name="column"),
]
