import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Issue documents point at the issues' new app (state only: same tables)."""

    dependencies = [
        ("bulletins", "0001_moved_from_publications"),
        ("search", "0006_item_visibility_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="issuedoc",
                    name="entry",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="bulletins.issueentry",
                        verbose_name="刊期文章",
                    ),
                ),
                migrations.AlterField(
                    model_name="issuedoc",
                    name="issue",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="bulletins.issue",
                        verbose_name="刊期",
                    ),
                ),
            ],
        ),
    ]
