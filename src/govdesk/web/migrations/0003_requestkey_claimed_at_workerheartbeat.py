from django.db import migrations, models

import govdesk.lib.clock


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_requestkey_result"),
    ]

    operations = [
        migrations.RenameField(
            model_name="requestkey",
            old_name="created_at",
            new_name="claimed_at",
        ),
        migrations.AlterField(
            model_name="requestkey",
            name="claimed_at",
            field=models.DateTimeField(db_index=True, default=govdesk.lib.clock.now),
        ),
        migrations.CreateModel(
            name="WorkerHeartbeat",
            fields=[
                (
                    "host",
                    models.CharField(
                        max_length=255, primary_key=True, serialize=False, verbose_name="主机"
                    ),
                ),
                ("beat_at", models.DateTimeField(verbose_name="心跳时间")),
            ],
            options={
                "verbose_name": "后台任务心跳",
                "verbose_name_plural": "后台任务心跳",
            },
        ),
    ]
