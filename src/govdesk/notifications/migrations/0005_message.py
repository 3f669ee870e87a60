"""The one message model (消息) and the daily digest choice. Emergency alerts become
messages in emergencies 0005; the deliveries move here in 0006."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import govdesk.lib.clock

KINDS = [
    ("item_returned", "信息被退回"),
    ("item_adopted", "信息被采用"),
    ("item_annotated", "信息获领导批示"),
    ("solicitation", "收到约稿"),
    ("solicitation_due", "约稿即将截止"),
    ("solicitation_urged", "约稿催办"),
    ("supervision", "收到批示督办"),
    ("supervision_due", "督办即将到期"),
    ("supervision_overdue", "督办已逾期"),
    ("supervision_urged", "督办催办"),
    ("circular_draft", "通报草稿待签发"),
    ("export_ready", "导出文件已生成"),
    ("emergency", "紧急信息提醒"),
    ("webhook_event", "事件推送"),
    ("webhook_disabled", "推送地址已停用"),
    ("digest", "每日消息摘要"),
    ("test", "通道测试"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_kind_supervision_urged"),
        ("units", "0002_verbose_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailpreference",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=24, verbose_name="类型"),
        ),
        migrations.CreateModel(
            name="Message",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(choices=KINDS, max_length=24, verbose_name="类型")),
                ("subject", models.CharField(max_length=200, verbose_name="标题")),
                ("text", models.TextField(blank=True, verbose_name="内容")),
                ("url", models.CharField(blank=True, max_length=200, verbose_name="链接")),
                ("mentions", models.JSONField(blank=True, default=list, verbose_name="提醒手机号")),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="数据")),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=govdesk.lib.clock.now, verbose_name="时间"
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="units.unit",
                        verbose_name="发出单位",
                    ),
                ),
                (
                    "sender",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="发送人",
                    ),
                ),
            ],
            options={
                "verbose_name": "消息",
                "verbose_name_plural": "消息",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="DailyDigest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_sent_on", models.DateField(blank=True, null=True, verbose_name="上次发送")),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="daily_digest",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "每日消息摘要", "verbose_name_plural": "每日消息摘要"},
        ),
    ]
