from django.db import migrations


class Migration(migrations.Migration):
    """RequestKey and Export now belong to ``core`` (state only: the tables stay)."""

    dependencies = [("web", "0004_export"), ("core", "0001_moved_plumbing")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Export"),
                migrations.DeleteModel(name="RequestKey"),
            ],
        ),
    ]
