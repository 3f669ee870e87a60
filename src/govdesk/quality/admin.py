from django.contrib import admin

from govdesk import policy
from govdesk.audit.admin import AuditedAdmin
from govdesk.quality.models import Boilerplate, LexiconEntry


class EditorListAdmin(AuditedAdmin):
    """Word lists are kept by the offices' editors (and superusers); every edit is audited."""

    def _editor(self, request) -> bool:
        return request.user.is_superuser or policy.desk_offices(request.user).exists()

    def has_module_permission(self, request):
        return self._editor(request)

    def has_view_permission(self, request, obj=None):
        return self._editor(request)

    has_add_permission = has_module_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


@admin.register(Boilerplate)
class BoilerplateAdmin(EditorListAdmin):
    list_display = ["phrase", "advice"]
    search_fields = ["phrase"]


@admin.register(LexiconEntry)
class LexiconEntryAdmin(EditorListAdmin):
    list_display = ["word", "severity", "reason"]
    list_filter = ["severity"]
    search_fields = ["word"]
