from django.conf import settings
from django.db import models

from govdesk.lib import clock


class Kind(models.TextChoices):
    ITEM_RETURNED = "item_returned", "信息被退回"
    ITEM_ADOPTED = "item_adopted", "信息被采用"
    ITEM_ANNOTATED = "item_annotated", "信息获领导批示"
    SOLICITATION = "solicitation", "收到约稿"
    SOLICITATION_DUE = "solicitation_due", "约稿即将截止"
    SUPERVISION = "supervision", "收到批示督办"
    SUPERVISION_DUE = "supervision_due", "督办即将到期"
    SUPERVISION_OVERDUE = "supervision_overdue", "督办已逾期"
    SUPERVISION_URGED = "supervision_urged", "督办催办"
    CIRCULAR_DRAFT = "circular_draft", "通报草稿待签发"
    EXPORT_READY = "export_ready", "导出文件已生成"


class MailState(models.TextChoices):
    NONE = "", "不发邮件"
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    UNSENT = "unsent", "未发送：邮件未配置"
    FAILED = "failed", "发送失败"


class Notification(models.Model):
    """One message to one person, and the record of its e-mail: the row is written
    before the mail is sent and completed with the result."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=200, blank=True)
    # Reminders carry a key so a repeated run of the reminder command sends each once.
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField("时间", default=clock.now, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    mail = models.CharField(
        "邮件", max_length=8, choices=MailState.choices, default=MailState.NONE, blank=True
    )
    mail_error = models.CharField("邮件错误", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MailPreference(models.Model):
    """A kind the user chose not to get by e-mail (every kind is mailed by default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_opt_outs"
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)

    class Meta:
        verbose_name = verbose_name_plural = "不接收邮件的消息类型"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
