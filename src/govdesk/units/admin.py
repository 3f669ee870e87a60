"""Configuration admin for units. The admin is for superusers only (``govdesk.urls``):
office administrators work on the system's own pages, where ``policy.py`` scopes every
change."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from treebeard.admin import TreeAdmin

from govdesk.audit.admin import AdminForm
from govdesk.core.admin import OneByOneAdmin, ServiceAdmin
from govdesk.lib import clock
from govdesk.lib.text import PlainTextForm
from govdesk.units import services
from govdesk.units.models import Unit, UnitCategory, UnitKind

# --- units -------------------------------------------------------------------------

UNIT_FIELDS = ["name", "short_name", "kind", "level", "counterpart", "is_active"]


class UnitForm(AdminForm):
    parent = forms.ModelChoiceField(
        label="上级办公室",
        queryset=Unit.objects.none(),
        required=False,
        help_text="本单位向哪个政府办公室报送信息（不得越级上报）。只有顶级政府办公室不填。",
    )

    class Meta:
        model = Unit
        fields = UNIT_FIELDS

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind:
            for name, problem in services.unit_problems(
                unit=self.instance, kind=kind, level=data.get("level")
            ).items():
                self.add_error(name, problem)
        current = Unit.objects.get_parent(self.instance) if self.instance.pk else None
        if data.get("parent") is None and (current is not None or kind != UnitKind.OFFICE):
            self.add_error("parent", "请选择上级办公室（只有顶级政府办公室可以不填）。")
        return data


class MoveForm(PlainTextForm, forms.Form):
    """What the tree's drag and drop posts."""

    node = forms.ModelChoiceField(queryset=Unit.objects.none())
    target = forms.ModelChoiceField(queryset=Unit.objects.none())
    relation = forms.ChoiceField(choices=[("child", "child"), ("sibling", "sibling")])


@admin.register(Unit)
class UnitAdmin(ServiceAdmin, TreeAdmin):
    form = UnitForm
    fields = ["parent", *UNIT_FIELDS]
    list_display = ["name", "kind", "level", "category_now", "is_active"]
    list_filter = ["kind", "is_active"]
    # 'cgz' finds 城关镇 by its initials, 'chengguan' by its pinyin.
    search_fields = ["name", "short_name", "name_pinyin", "^name_initials"]

    @admin.display(description="本年度考核类别")
    def category_now(self, obj):
        return f"{obj.category_now}类" if obj.category_now else "—"

    def get_queryset(self, request):
        year = timezone.localtime(clock.now()).year
        category = UnitCategory.objects.filter(unit=OuterRef("pk"), year=year)
        qs = super().get_queryset(request)
        return qs.annotate(category_now=Subquery(category.values("category")[:1]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        offices = Q(kind=UnitKind.OFFICE)
        current = None
        if obj is not None:
            offices &= ~Q(path__startswith=obj.path)
            current = Unit.objects.get_parent(obj)
            if current is not None:
                offices |= Q(pk=current.pk)  # keeping it is always allowed
        choices = Unit.objects.filter(offices)

        class UnitParentForm(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                self.fields["parent"].queryset = choices
                self.fields["parent"].initial = current

        return UnitParentForm

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in UNIT_FIELDS}
        parent = form.cleaned_data["parent"]
        if change:
            stored = Unit.objects.get(pk=obj.pk)
            services.unit_update(actor=request.user, unit=stored, parent=parent, **fields)
            obj.refresh_from_db()
        else:
            self.take_over(obj, services.unit_create(actor=request.user, parent=parent, **fields))

    def has_delete_permission(self, request, obj=None):
        # Deleting a tree node deletes everything under it: only leaves may go.
        return super().has_delete_permission(request, obj) and (obj is None or obj.numchild == 0)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would delete whole subtrees, unaudited
        return actions

    def delete_model(self, request, obj):
        services.unit_delete(actor=request.user, unit=obj)

    def move_node(self, request):
        """Drag and drop in the tree, through ``unit_move``."""
        form = MoveForm(request.POST)
        form.fields["node"].queryset = form.fields["target"].queryset = Unit.objects.all()
        if not form.is_valid():
            messages.error(request, "无法移动：单位不存在。")
            return HttpResponseBadRequest("invalid move")
        node, target = form.cleaned_data["node"], form.cleaned_data["target"]
        try:
            if form.cleaned_data["relation"] == "child":
                services.unit_move(actor=request.user, unit=node, parent=target)
            else:
                parent = Unit.objects.get_parent(target)
                if parent is None:
                    raise ValidationError("不能把单位移到顶级。")
                services.unit_move(actor=request.user, unit=node, parent=parent, before=target)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(
                request, f"无法移动“{node}”：{' '.join(getattr(exc, 'messages', [str(exc)]))}"
            )
            return HttpResponseBadRequest("move refused")
        messages.info(request, f"已移动“{node}”。")
        return HttpResponse("OK")


@admin.register(UnitCategory)
class UnitCategoryAdmin(OneByOneAdmin):
    list_display = ["unit_name", "year", "category", "note"]
    list_filter = ["year", "category"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "unit__name_pinyin", "^unit__name_initials"]
    autocomplete_fields = ["unit"]

    @admin.display(description="单位", ordering="unit__path")
    def unit_name(self, obj):
        return obj.unit.name

    def save_model(self, request, obj, form, change):
        if change and {"unit", "year"} & set(form.changed_data):
            stored = UnitCategory.objects.get(pk=obj.pk)  # moved: the old one goes
            services.unit_category_set(
                actor=request.user, unit=stored.unit, year=stored.year, category=""
            )
        services.unit_category_set(
            actor=request.user, unit=obj.unit, year=obj.year, category=obj.category, note=obj.note
        )
        self.take_over(obj, UnitCategory.objects.get(unit=obj.unit, year=obj.year))

    def delete_model(self, request, obj):
        services.unit_category_set(actor=request.user, unit=obj.unit, year=obj.year, category="")
