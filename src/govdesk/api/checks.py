from django.conf import settings
from django.core.checks import Error, register


@register()
def ninja_static_files(app_configs, **kwargs):
    """The API docs page loads Swagger UI from ninja's static files, never from a CDN."""
    if "ninja" in settings.INSTALLED_APPS:
        return []
    return [
        Error(
            "接口文档页面所需的 Swagger UI 静态文件来自 django-ninja，"
            '须在 INSTALLED_APPS 中加入 "ninja"，否则 collectstatic 不会收集这些文件。',
            hint='在 settings.INSTALLED_APPS 中加入 "ninja"。',
            id="govdesk.api.E001",
        )
    ]
