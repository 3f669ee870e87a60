import datetime
import decimal
import json

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html

from govdesk.audit.models import Change
from govdesk.audit.services import model_diff, record
from govdesk.lib.text import PlainTextForm


class AdminForm(PlainTextForm, forms.ModelForm):
    """The admin's forms follow the pages' text rules (lengths, no control characters)."""


# Never copied into the change log, even as before/after values.
_SECRET_FIELDS = {"password", "digest"}


def _plain(value):
    """A field value as something the JSON details column can hold."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time, decimal.Decimal)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def _values(obj: models.Model, names) -> dict:
    out = {}
    for name in names:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete and not field.many_to_many and name not in _SECRET_FIELDS:
            out[name] = _plain(getattr(obj, name))
    return out


def _label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name}“{obj}”"


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made through the admin goes into the change log,
    with before/after values of the fields the form changed."""

    form = AdminForm

    def _record(self, request, action: str, obj, summary: str, **details) -> None:
        record(
            actor=request.user,
            action=f"admin.{action}",
            target=obj,
            summary=summary,
            model=obj._meta.label_lower,
            **details,
        )

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = type(obj)._default_manager.get(pk=obj.pk)
            before = _values(stored, form.changed_data)
        super().save_model(request, obj, form, change)
        if not change:
            self._record(request, "added", obj, f"配置管理：新增{_label(obj)}")
        elif form.changed_data:
            changes = model_diff(before, _values(obj, form.changed_data))
            self._record(request, "changed", obj, f"配置管理：修改{_label(obj)}", changes=changes)

    def delete_model(self, request, obj):
        self._record(request, "deleted", obj, f"配置管理：删除{_label(obj)}")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, "deleted", obj, f"配置管理：删除{_label(obj)}")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows: recorded one by one, deletions before they happen (they lose their id)."""
        before = {}
        for inline in formset.initial_forms:
            if inline in formset.deleted_forms:
                obj = inline.instance
                self._record(request, "deleted", obj, f"配置管理：删除{_label(obj)}")
            elif inline.has_changed():
                stored = type(inline.instance)._default_manager.get(pk=inline.instance.pk)
                before[stored.pk] = _values(stored, inline.changed_data)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, "added", obj, f"配置管理：新增{_label(obj)}")
        for obj, changed in formset.changed_objects:
            changes = model_diff(before.get(obj.pk, {}), _values(obj, changed))
            self._record(request, "changed", obj, f"配置管理：修改{_label(obj)}", changes=changes)


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change log, read-only; only superusers see it (it spans every jurisdiction)."""

    list_display = ["at", "actor", "action", "summary"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    search_fields = ["summary", "actor__username", "actor__full_name"]
    date_hierarchy = "at"
    fields = ["at", "actor", "action", "summary", "target", "details_text"]
    readonly_fields = fields

    @admin.display(description="对象")
    def target(self, obj):
        if obj.target_type is None:
            return "无"  # e.g. a failed login with an unknown user name
        return f"{obj.target_type.name} #{obj.target_id}"

    @admin.display(description="详情")
    def details_text(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.details, ensure_ascii=False, indent=2))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
