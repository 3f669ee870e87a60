from django.db import migrations, models


def summaries_stale(apps, schema_editor):
    """The summaries written so far lack the new count: the rankings read the lines
    and items until ``govdesk rebuild_ledger`` writes them again."""
    apps.get_model("scoring", "Scheme").objects.update(summarised=False)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0007_portal_quota_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="unitmonth",
            name="sent_adopted",
            field=models.PositiveIntegerField(default=0, verbose_name="报送已采用条数"),
        ),
        migrations.RunPython(summaries_stale, migrations.RunPython.noop, elidable=True),
    ]
