from django.db import migrations


class Migration(migrations.Migration):
    """CalendarDay now belongs to ``core`` (state only: the table stays)."""

    dependencies = [
        ("annotations", "0002_calendarday_supervisiontask_feedback_and_more"),
        ("core", "0001_moved_plumbing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CalendarDay")],
        ),
    ]
