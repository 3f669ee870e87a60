"""Awards and their criteria in the configuration admin (an office adjusts numbers and
labels per year). Attestations, overrides and the confirmed list are written on the
award pages through the services, and only read here."""

from django.contrib import admin

from govdesk import policy
from govdesk.awards.models import Attestation, Award, Criterion, Override, Winner
from govdesk.units.admin import ReadOnlyAdmin, ScopedAdmin, ScopedInline


class CriterionInline(ScopedInline, admin.TabularInline):
    model = Criterion
    fields = ["position", "kind", "params", "label", "source"]
    scope_field = "award__scheme__office"
    scope = staticmethod(policy.configurable_units)
    extra = 0


@admin.register(Award)
class AwardAdmin(ScopedAdmin):
    scope_field = "scheme__office"
    scope = staticmethod(policy.configurable_units)
    inlines = [CriterionInline]
    list_display = ["__str__", "scheme", "subject", "position"]
    list_filter = ["scheme__year", "subject"]
    list_select_related = ["scheme"]
    fields = ["scheme", "code", "name", "subject", "position", "source"]


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdmin):
    scope_field = "unit"
    list_display = ["criterion", "unit", "officer", "met", "note", "attested_by", "attested_at"]
    list_select_related = ["criterion", "unit", "officer", "attested_by"]


@admin.register(Override)
class OverrideAdmin(ReadOnlyAdmin):
    scope_field = "unit"
    list_display = ["award", "unit", "officer", "granted", "reason", "decided_by", "decided_at"]
    list_select_related = ["award__scheme", "unit", "officer", "decided_by"]


@admin.register(Winner)
class WinnerAdmin(ReadOnlyAdmin):
    scope_field = "unit"
    list_display = ["award", "position", "unit", "officer", "overridden"]
    list_select_related = ["award__scheme", "unit", "officer"]
