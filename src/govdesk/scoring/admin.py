"""Schemes, their rules and targets, penalties and direct-report counties, in the
configuration admin. Saving a scheme in force (or any of its rules or targets)
rebuilds its year, so the ledger never runs on rules nobody sees; the admin's own
change log says who changed what, ``scheme.rebuilt`` says the ledger followed.

The admin (superusers only; offices use 考核方案与目标) uses the services' settings
validation and rebuild (``scoring.services``), as the API does; it saves the rows
itself so that one form (a scheme with its inlines) is one change and one rebuild."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from govdesk.audit.admin import AdminForm
from govdesk.core.admin import OneByOneAdmin, PlainInline, ReadOnlyAdmin, ServiceAdmin
from govdesk.scoring import services
from govdesk.scoring.models import Penalty, PointCounty, Rule, Scheme, Target

RULE_FIELDS = list(services.RULE_FIELDS)


def rescore(request, scheme_id: int, reason: str) -> None:
    """Rebuild the scheme a saved row belongs to, if it is in force (or just left
    force: its lines go)."""
    scheme = Scheme.objects.select_related("office").get(pk=scheme_id)
    services.scheme_rescore(actor=request.user, scheme=scheme, reason=reason)


class SchemeForm(AdminForm):
    """The model's field checks, then the services' (quarter shares adding up to 100 …)."""

    def clean(self):
        cleaned = super().clean()
        try:
            services.scheme_check_settings(
                {k: v for k, v in cleaned.items() if k in (*services.SCHEME_SETTINGS, "year")}
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class RuleInline(PlainInline):
    model = Rule
    fields = RULE_FIELDS
    extra = 0


class TargetInline(PlainInline):
    model = Target
    fields = ["unit_kind", "category", "points", "source"]
    extra = 0


@admin.register(Scheme)
class SchemeAdmin(ServiceAdmin):
    form = SchemeForm
    inlines = [TargetInline, RuleInline]
    list_display = ["__str__", "office", "status", "combination", "propagate_direct_reports"]
    list_filter = ["year", "status"]
    list_select_related = ["office"]
    # The services' settings, with the office, the year and the status beside the name.
    fields = ["office", "year", "name", "status"] + [
        f for f in services.SCHEME_SETTINGS if f != "name"
    ]

    def save_related(self, request, form, formsets, change):
        # The inlines are saved here, after the scheme: rebuild once, on the whole.
        super().save_related(request, form, formsets, change)
        rescore(request, form.instance.pk, f"修改方案“{form.instance}”")


@admin.register(Rule)
class RuleAdmin(ServiceAdmin):
    list_display = ["label", "scheme", "kind", "level", "publication", "column", "points"]
    list_filter = ["kind", "level", ("scheme", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["label", "publication", "source"]
    fields = ["scheme", *RULE_FIELDS]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rescore(request, obj.scheme_id, f"{'修改' if change else '新增'}规则“{obj}”")

    def delete_model(self, request, obj):
        scheme_id, label = obj.scheme_id, str(obj)
        super().delete_model(request, obj)
        rescore(request, scheme_id, f"删除规则“{label}”")

    def delete_queryset(self, request, queryset):
        scheme_ids = set(queryset.values_list("scheme_id", flat=True))
        super().delete_queryset(request, queryset)
        for scheme_id in scheme_ids:
            rescore(request, scheme_id, "批量删除规则")


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    """Penalties are recorded on the office's pages (services.penalty_record); read here."""

    list_display = ["occurred_on", "unit", "kind", "serious_impact", "withdrawn"]
    list_filter = ["kind", "withdrawn"]
    list_select_related = ["unit"]
    readonly_fields = [f.name for f in Penalty._meta.fields]


@admin.register(PointCounty)
class PointCountyAdmin(OneByOneAdmin):
    list_display = ["point", "county"]

    def save_model(self, request, obj, form, change):
        if change and "point" in form.changed_data:
            stored = PointCounty.objects.get(pk=obj.pk)  # moved: the old point is cleared
            services.point_county_set(actor=request.user, point=stored.point, county=None)
        services.point_county_set(actor=request.user, point=obj.point, county=obj.county)
        self.take_over(obj, PointCounty.objects.get(point=obj.point))

    def delete_model(self, request, obj):
        services.point_county_set(actor=request.user, point=obj.point, county=None)
