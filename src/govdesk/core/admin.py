"""The bases every GovDesk admin page shares, and the holiday calendar's page."""

from django.contrib import admin

from govdesk.audit.admin import AdminForm, AuditedAdmin
from govdesk.core.models import CalendarDay


class ForeignKeyLabels:
    """A foreign key declared without a verbose name is labelled with its model's."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.verbose_name == db_field.name.replace("_", " "):
            field.label = db_field.related_model._meta.verbose_name
        return field


class ServiceAdmin(ForeignKeyLabels, AuditedAdmin):
    """An audited admin page; models with services save through them."""

    @staticmethod
    def take_over(obj, created) -> None:
        """A service created the row; let the admin carry on with it as ``obj``."""
        obj.pk = created.pk
        obj.refresh_from_db()
        obj._state.adding = False


class OneByOneAdmin(ServiceAdmin):
    """Rows removed through their service, one at a time: no bulk delete action."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyAdmin(ServiceAdmin):
    """Rows written only by services (records, decisions): the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlainInline(ForeignKeyLabels, admin.TabularInline):
    form = AdminForm


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Where an administrator enters a year's holidays and 调休 working days once the
    State Council publishes them, for years the chinese-calendar package does not know."""

    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"
