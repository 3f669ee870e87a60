"""Webhook, Delivery and DeliveryAttempt now belong to the notifications app (its
0006 took over and renamed their tables): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("emergencies", "0005_event_messages"),
        ("notifications", "0006_pipeline_moves_down"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DeliveryAttempt"),
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="Webhook"),
            ]
        )
    ]
