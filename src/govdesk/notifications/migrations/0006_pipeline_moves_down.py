"""The delivery records move down from emergencies into the one pipeline (their
tables are kept and renamed, so no row is copied), learn in-app delivery, response
codes and webhook subscriptions; every in-app ``Notification`` becomes a message
with an in-app delivery (read or not, as it was) and, if it was mailed, an e-mail
delivery with the mail's result. Irreversible."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import govdesk.lib.clock

MAIL_STATUS = {"sent": "sent", "unsent": "unsent", "failed": "failed"}


def copy_inbox(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Message = apps.get_model("notifications", "Message")
    Delivery = apps.get_model("notifications", "Delivery")
    for n in Notification.objects.select_related("user").order_by("pk").iterator():
        message = Message.objects.create(
            kind=n.kind, subject=n.title, text=n.body, url=n.url, created_at=n.created_at
        )
        rows = [
            Delivery(
                message=message,
                channel="inapp",
                target=str(n.user.username),
                user_id=n.user_id,
                key=f"{n.key}@{n.user_id}" if n.key else f"govdesk-{message.pk}-{uuid.uuid4().hex}",
                status="sent",
                sent_at=n.created_at,
                read_at=n.read_at,
                created_at=n.created_at,
            )
        ]
        if n.mail:
            rows.append(
                Delivery(
                    message=message,
                    channel="email",
                    target=n.user.email or "-",
                    user_id=n.user_id,
                    key=f"govdesk-{message.pk}-{uuid.uuid4().hex}",
                    # A mail still "pending" was being sent when the old code stopped:
                    # whether it left is unknown, so it is not sent a second time.
                    status=MAIL_STATUS.get(n.mail, "failed"),
                    attempts=1,
                    sent_at=n.created_at if n.mail == "sent" else None,
                    last_error=n.mail_error
                    or ("" if n.mail in MAIL_STATUS else "升级前未确认是否发出"),
                    created_at=n.created_at,
                )
            )
        Delivery.objects.bulk_create(rows)
    if schema_editor.connection.vendor == "postgresql":
        # As in emergencies 0005: no ALTER TABLE after this while foreign-key checks pend.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0005_message"),
        ("emergencies", "0005_event_messages"),
        ("units", "0002_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Webhook",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="名称")),
                        ("kind", models.CharField(max_length=16, verbose_name="格式")),
                        ("url", models.URLField(max_length=500, verbose_name="地址")),
                        (
                            "secret",
                            models.CharField(blank=True, max_length=100, verbose_name="加签密钥"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="启用")),
                        (
                            "office",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="webhooks",
                                to="units.unit",
                                verbose_name="办公室",
                            ),
                        ),
                    ],
                    options={"db_table": "emergencies_webhook"},
                ),
                migrations.CreateModel(
                    name="Delivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("channel", models.CharField(max_length=16, verbose_name="通道")),
                        ("target", models.CharField(max_length=500, verbose_name="发往")),
                        (
                            "key",
                            models.CharField(max_length=100, unique=True, verbose_name="幂等键"),
                        ),
                        (
                            "status",
                            models.CharField(default="pending", max_length=16, verbose_name="状态"),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="尝试次数"),
                        ),
                        (
                            "next_attempt_at",
                            models.DateTimeField(
                                default=govdesk.lib.clock.now, verbose_name="下次尝试"
                            ),
                        ),
                        (
                            "lease_until",
                            models.DateTimeField(blank=True, null=True, verbose_name="占用至"),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="送达时间"),
                        ),
                        (
                            "last_error",
                            models.CharField(blank=True, max_length=500, verbose_name="最近错误"),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=govdesk.lib.clock.now, verbose_name="创建时间"
                            ),
                        ),
                        (
                            "message",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deliveries",
                                to="notifications.message",
                                verbose_name="消息",
                            ),
                        ),
                        (
                            "webhook",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="deliveries",
                                to="notifications.webhook",
                                verbose_name="推送通道",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergencies_delivery",
                        "indexes": [
                            models.Index(
                                condition=models.Q(("status__in", ["pending", "retry", "sending"])),
                                fields=["next_attempt_at"],
                                name="delivery_due",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DeliveryAttempt",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("number", models.PositiveSmallIntegerField(verbose_name="第几次")),
                        ("started_at", models.DateTimeField(verbose_name="开始")),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="结束"),
                        ),
                        ("ok", models.BooleanField(null=True, verbose_name="成功")),
                        (
                            "error",
                            models.CharField(blank=True, max_length=500, verbose_name="错误"),
                        ),
                        (
                            "carried_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="carried",
                                to="notifications.deliveryattempt",
                                verbose_name="随同发送于",
                            ),
                        ),
                        (
                            "delivery",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attempt_log",
                                to="notifications.delivery",
                                verbose_name="发送记录",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "emergencies_deliveryattempt",
                        "indexes": [
                            models.Index(fields=["started_at"], name="delivery_attempt_started")
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="webhook", table=None),
        migrations.AlterModelTable(name="delivery", table=None),
        migrations.AlterModelTable(name="deliveryattempt", table=None),
        migrations.AlterModelOptions(
            name="webhook",
            options={
                "verbose_name": "群机器人与推送地址",
                "verbose_name_plural": "群机器人与推送地址",
            },
        ),
        migrations.AlterModelOptions(
            name="delivery",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "发送记录",
                "verbose_name_plural": "发送记录",
            },
        ),
        migrations.AlterModelOptions(
            name="deliveryattempt",
            options={
                "ordering": ["delivery", "number"],
                "verbose_name": "发送尝试",
                "verbose_name_plural": "发送尝试",
            },
        ),
        migrations.AddField(
            model_name="delivery",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to=settings.AUTH_USER_MODEL,
                verbose_name="接收人",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="read_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="阅读时间"),
        ),
        migrations.AddField(
            model_name="deliveryattempt",
            name="response_code",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="响应码"),
        ),
        migrations.AddField(
            model_name="webhook",
            name="alerts",
            field=models.BooleanField(default=True, verbose_name="接收紧急信息提醒"),
        ),
        migrations.AddField(
            model_name="webhook",
            name="events",
            field=models.JSONField(blank=True, default=list, verbose_name="订阅事件"),
        ),
        migrations.AddField(
            model_name="webhook",
            name="signature",
            field=models.CharField(
                choices=[("hmac-sha256", "HMAC-SHA256"), ("hmac-sm3", "HMAC-SM3（国密）")],
                default="hmac-sha256",
                max_length=16,
                verbose_name="签名算法",
            ),
        ),
        migrations.AddField(
            model_name="webhook",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="负责人",
            ),
        ),
        migrations.AddField(
            model_name="webhook",
            name="failures",
            field=models.PositiveIntegerField(default=0, verbose_name="连续失败次数"),
        ),
        migrations.AddField(
            model_name="webhook",
            name="disabled_reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="停用原因"),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(fields=["user", "channel", "read_at"], name="delivery_inbox"),
        ),
        migrations.RunPython(copy_inbox),
        migrations.DeleteModel(name="Notification"),
    ]
