from django import forms
from django.contrib import admin

from govdesk.audit.admin import AdminForm
from govdesk.core.admin import PlainInline, ServiceAdmin
from govdesk.publications.models import Adoption, AdoptionKind, Column, Publication


def _kinds_field(help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="可用采用类型",
        choices=AdoptionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class PublicationForm(AdminForm):
    adoption_kinds = _kinds_field("都不选表示不区分类型（一律记为“采用”）。")

    class Meta:
        model = Publication
        fields = [
            "office",
            "name",
            "code",
            "description",
            "adoption_kinds",
            "sort_order",
            "is_active",
        ]


class ColumnForm(AdminForm):
    adoption_kinds = _kinds_field("都不选时沿用刊物的设置。")

    class Meta:
        model = Column
        fields = ["name", "adoption_kinds", "sort_order", "is_active"]


class ColumnInline(PlainInline):
    model = Column
    form = ColumnForm
    extra = 1


@admin.register(Publication)
class PublicationAdmin(ServiceAdmin):
    form = PublicationForm
    inlines = [ColumnInline]
    list_display = ["title", "office", "code", "column_names", "sort_order", "is_active"]
    list_filter = ["is_active", ("office", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["office"]
    search_fields = ["name", "code", "office__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("columns")

    @admin.display(description="刊物名称", ordering="name")
    def title(self, obj):
        return str(obj)

    @admin.display(description="栏目")
    def column_names(self, obj):
        return "、".join(c.name for c in obj.columns.all() if c.is_active) or "—"


@admin.register(Adoption)
class AdoptionAdmin(ServiceAdmin):
    """Adoptions are made on the editor's desk (items.services.item_adopt); here they are read."""

    list_display = ["adopted_at", "item_title", "unit", "where", "kind", "adopted_by_name"]
    list_filter = ["kind", ("publication", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["item__unit", "publication", "column", "adopted_by"]
    search_fields = ["item__title", "item__unit__name", "item__unit__name_pinyin"]
    date_hierarchy = "adopted_at"
    fields = ["adopted_at", "item_title", "unit", "where", "kind", "adopted_by_name", "note"]
    readonly_fields = fields

    @admin.display(description="信息标题", ordering="item__title")
    def item_title(self, obj):
        return obj.item.title

    @admin.display(description="报送单位")
    def unit(self, obj):
        return obj.item.unit.name

    @admin.display(description="刊物栏目")
    def where(self, obj):
        return f"{obj.publication}·{obj.column.name}" if obj.column else str(obj.publication)

    @admin.display(description="采用人")
    def adopted_by_name(self, obj):
        return obj.adopted_by.get_full_name()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
