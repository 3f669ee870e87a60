"""Emergency alerts become messages of the one pipeline: each ``Notification`` row is
copied into ``notifications.Message`` under the same id (so delivery keys
``govdesk-<id>-…`` still name it) with an ``EventMessage`` row holding the event;
deliveries and in-app alerts point at the message. Irreversible."""

import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def copy_notifications(apps, schema_editor):
    Notification = apps.get_model("emergencies", "Notification")
    EventMessage = apps.get_model("emergencies", "EventMessage")
    Message = apps.get_model("notifications", "Message")
    Delivery = apps.get_model("emergencies", "Delivery")
    Alert = apps.get_model("emergencies", "Alert")
    for n in Notification.objects.select_related("event__unit").order_by("pk"):
        EventMessage.objects.create(
            id=n.pk,
            message_ptr_id=n.pk,
            kind="emergency",
            subject=n.subject,
            text=n.text,
            url=f"/emergencies/events/{n.event_id}/",
            office_id=n.event.office_id,
            created_at=n.created_at,
            data={
                "reason": n.reason,
                "event": {"id": n.event_id, "title": n.event.title, "unit": n.event.unit.name},
                "report_id": n.report_id,
            },
            event_id=n.event_id,
            report_id=n.report_id,
            reason=n.reason,
            escalated_at=n.escalated_at,
        )
    Delivery.objects.update(message_id=models.F("notification_id"))
    Alert.objects.update(message_id=models.F("notification_id"))
    connection = schema_editor.connection
    with connection.cursor() as cursor:  # ids were given: the sequence moves past them
        for sql in connection.ops.sequence_reset_sql(no_style(), [Message]):
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            # The foreign keys of the copied rows are checked now: PostgreSQL refuses
            # the ALTER TABLEs that follow in this transaction while checks pend.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("emergencies", "0004_delivery_status_unsent_mail"),
        ("notifications", "0005_message"),
    ]

    operations = [
        migrations.CreateModel(
            name="EventMessage",
            fields=[
                (
                    "message_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="notifications.message",
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[
                            ("phone", "电话报告"),
                            ("report", "书面报告"),
                            ("escalation", "无人确认升级"),
                            ("reminder", "报告到期提醒"),
                        ],
                        max_length=16,
                        verbose_name="原因",
                    ),
                ),
                (
                    "escalated_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="升级时间"),
                ),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="emergencies.event",
                        verbose_name="事件",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="emergencies.emergencyreport",
                        verbose_name="报告",
                    ),
                ),
            ],
            options={
                "verbose_name": "紧急信息提醒",
                "verbose_name_plural": "紧急信息提醒",
                "ordering": ["-created_at", "-id"],
            },
            bases=("notifications.message",),
        ),
        migrations.AddField(
            model_name="delivery",
            name="message",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="notifications.message",
                verbose_name="消息",
            ),
        ),
        migrations.RemoveConstraint(model_name="alert", name="one_alert_per_person"),
        migrations.AddField(
            model_name="alert",
            name="message",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="alerts",
                to="emergencies.eventmessage",
                verbose_name="提醒",
            ),
        ),
        migrations.RunPython(copy_notifications, elidable=True),
        migrations.RemoveField(model_name="alert", name="notification"),
        migrations.RemoveField(model_name="delivery", name="notification"),
        migrations.AlterField(
            model_name="alert",
            name="message",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="alerts",
                to="emergencies.eventmessage",
                verbose_name="提醒",
            ),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="message",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="notifications.message",
                verbose_name="消息",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                fields=("message", "recipient"), name="one_alert_per_person"
            ),
        ),
        migrations.DeleteModel(name="Notification"),
    ]
