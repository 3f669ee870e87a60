"""Awards and their criteria in the configuration admin (an office adjusts numbers and
labels per year). Attestations, overrides and the confirmed list are written on the
award pages through the services, and only read here."""

from django.contrib import admin

from govdesk.awards.models import Attestation, Award, Criterion, Override, Winner
from govdesk.core.admin import PlainInline, ReadOnlyAdmin, ServiceAdmin


class CriterionInline(PlainInline):
    model = Criterion
    fields = ["position", "kind", "params", "label", "source"]
    extra = 0


@admin.register(Award)
class AwardAdmin(ServiceAdmin):
    inlines = [CriterionInline]
    list_display = ["__str__", "scheme", "subject", "position"]
    list_filter = ["scheme__year", "subject"]
    list_select_related = ["scheme"]
    fields = ["scheme", "code", "name", "subject", "position", "source"]


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdmin):
    list_display = ["criterion", "unit", "officer", "met", "note", "attested_by", "attested_at"]
    list_select_related = ["criterion", "unit", "officer", "attested_by"]


@admin.register(Override)
class OverrideAdmin(ReadOnlyAdmin):
    list_display = ["award", "unit", "officer", "granted", "reason", "decided_by", "decided_at"]
    list_select_related = ["award__scheme", "unit", "officer", "decided_by"]


@admin.register(Winner)
class WinnerAdmin(ReadOnlyAdmin):
    list_display = ["award", "position", "unit", "officer", "overridden"]
    list_select_related = ["award__scheme", "unit", "officer"]
