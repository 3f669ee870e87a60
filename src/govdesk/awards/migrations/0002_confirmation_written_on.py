"""The commendation notice's 成文日期, fixed at confirmation: lists confirmed before
this field existed take the day they were confirmed (Asia/Shanghai)."""

from django.db import migrations, models
from django.utils import timezone


def confirmation_days(apps, schema_editor):
    Confirmation = apps.get_model("awards", "Confirmation")
    for confirmation in Confirmation.objects.all():
        confirmation.written_on = timezone.localdate(confirmation.confirmed_at)
        confirmation.save(update_fields=["written_on"])


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="confirmation",
            name="written_on",
            field=models.DateField(null=True, verbose_name="成文日期"),
        ),
        migrations.RunPython(confirmation_days, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="confirmation",
            name="written_on",
            field=models.DateField(verbose_name="成文日期"),
        ),
    ]
