from django import forms
from django.contrib import admin

from govdesk.audit.admin import AdminForm
from govdesk.core.admin import PlainInline, ServiceAdmin
from govdesk.publications import services
from govdesk.publications.models import Adoption, AdoptionKind, Column, Publication
from govdesk.units.models import Level


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
            "level",
            "issuer",
            "name",
            "code",
            "description",
            "adoption_kinds",
            "sort_order",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "本系统内刊物（不填）"), *Level.choices]

    def clean(self):
        data = super().clean()
        if data.get("office") is None and not data.get("level"):
            self.add_error("level", "请选择主办单位；省、国务院等外部刊物不选主办单位，填写层级。")
        if data.get("office") is not None and data.get("level"):
            self.add_error("level", "本系统内办公室的刊物按办公室的层级计分，不填刊物层级。")
        return data

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the cleaned values
        if self.instance.office_id is None and self.instance.level:
            for name, problem in services.external_problems(self.instance).items():
                self.add_error(name, problem)


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

    def save_model(self, request, obj, form, change):
        """External publications (省、国务院) through their services, whose checks the
        pages and the API share; the office's own through the audited admin."""
        if obj.office_id is not None:
            return super().save_model(request, obj, form, change)
        fields = {name: form.cleaned_data[name] for name in services.EXTERNAL_FIELDS}
        if change:
            services.publication_external_update(
                actor=request.user,
                publication_id=obj.pk,
                is_active=form.cleaned_data["is_active"],
                sort_order=form.cleaned_data["sort_order"],
                **fields,
            )
            obj.refresh_from_db()
        else:
            self.take_over(obj, services.publication_external_create(actor=request.user, **fields))

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
