from django.contrib import admin

from govdesk.annotations.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Where an administrator enters a year's holidays and 调休 working days once the
    State Council publishes them, for years the chinese-calendar package does not know."""

    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"
