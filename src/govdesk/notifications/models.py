"""The one outbound pipeline's records: a ``Message`` (消息: what is said, once) and a
``Delivery`` per person or address it goes to, through one channel — in-app, e-mail,
a group robot, a JSON push address or a signed webhook. A delivery is written before
it is sent and completed with the result (``DeliveryAttempt`` per try), as
healthchecks keeps its notifications: the delivery log people read on the message
pages. Emergency alerts are messages too (``emergencies.EventMessage`` extends
``Message`` with the event)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.lib import clock
from govdesk.units.models import Unit


class Kind(models.TextChoices):
    ITEM_RETURNED = "item_returned", "信息被退回"
    ITEM_ADOPTED = "item_adopted", "信息被采用"
    ITEM_ANNOTATED = "item_annotated", "信息获领导批示"
    SOLICITATION = "solicitation", "收到约稿"
    SOLICITATION_DUE = "solicitation_due", "约稿即将截止"
    SOLICITATION_URGED = "solicitation_urged", "约稿催办"
    SUPERVISION = "supervision", "收到批示督办"
    SUPERVISION_DUE = "supervision_due", "督办即将到期"
    SUPERVISION_OVERDUE = "supervision_overdue", "督办已逾期"
    SUPERVISION_URGED = "supervision_urged", "督办催办"
    CIRCULAR_DRAFT = "circular_draft", "通报草稿待签发"
    PORTAL_STALE = "portal_stale", "网站栏目临近更新时限"
    EXPORT_READY = "export_ready", "导出文件已生成"
    EMERGENCY = "emergency", "紧急信息提醒"
    WEBHOOK_EVENT = "webhook_event", "事件推送"
    WEBHOOK_DISABLED = "webhook_disabled", "推送地址已停用"
    DIGEST = "digest", "每日消息摘要"
    TEST = "test", "通道测试"


# The kinds a person may choose to get by e-mail (the others never go to a person's mailbox
# through ``notify``: emergency alerts follow the office's alert settings).
PERSONAL_KINDS = [
    k for k in Kind if k not in (Kind.EMERGENCY, Kind.WEBHOOK_EVENT, Kind.DIGEST, Kind.TEST)
]


class Message(models.Model):
    """What is said, once, whoever it goes to and however it travels."""

    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    subject = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=200, blank=True)
    # The office whose delivery log shows the message (None: a personal message).
    office = models.ForeignKey(
        Unit,
        verbose_name="发出单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Robots @-mention these mobiles (urgent emergency alerts: the duty officers).
    mentions = models.JSONField("提醒手机号", default=list, blank=True)
    # What a JSON push address or webhook receives besides subject and text.
    data = models.JSONField("数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=clock.now, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class ChannelKind(models.TextChoices):
    INAPP = "inapp", "站内消息"
    EMAIL = "email", "电子邮件"
    DINGTALK = "dingtalk", "钉钉群机器人"
    WECOM = "wecom", "企业微信群机器人"
    JSON = "json", "通用推送地址（JSON 格式）"


class Signature(models.TextChoices):
    HMAC_SHA256 = "hmac-sha256", "HMAC-SHA256"
    HMAC_SM3 = "hmac-sm3", "HMAC-SM3（国密）"


class Webhook(models.Model):
    """An office's group robot or push address. It receives the office's emergency
    alerts (``alerts``) and, for a JSON address, the change events it subscribes to
    (``events``, codes of ``notifications.events.EVENTS``), signed with ``secret``."""

    office = models.ForeignKey(
        Unit, verbose_name="办公室", on_delete=models.CASCADE, related_name="webhooks"
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField(
        "格式",
        max_length=16,
        choices=[c for c in ChannelKind.choices if c[0] not in (ChannelKind.EMAIL, "inapp")],
    )
    url = models.URLField("地址", max_length=500)
    secret = models.CharField(
        "加签密钥",
        max_length=100,
        blank=True,
        help_text="钉钉机器人安全设置选择“加签”时填写（以 SEC 开头）；"
        "推送地址填写后每次推送带签名（见接口文档）；企业微信留空。",
    )
    is_active = models.BooleanField("启用", default=True)
    alerts = models.BooleanField("接收紧急信息提醒", default=True)
    events = models.JSONField("订阅事件", default=list, blank=True)
    signature = models.CharField(
        "签名算法", max_length=16, choices=Signature.choices, default=Signature.HMAC_SHA256
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    failures = models.PositiveIntegerField("连续失败次数", default=0)
    disabled_reason = models.CharField("停用原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "群机器人与推送地址"

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    RETRY = "retry", "等待重试"
    SENT = "sent", "已送达"
    # Handed to a console, dummy or file mail backend: it reached nobody.
    UNSENT = "unsent", "未发送：邮件未配置"
    FAILED = "failed", "发送失败"
    # An e-mail for someone who chose one daily digest: waits for it, then rides in it.
    HELD = "held", "等待每日摘要"
    DIGESTED = "digested", "已并入每日摘要"


OPEN_STATUSES = [DeliveryStatus.PENDING, DeliveryStatus.RETRY, DeliveryStatus.SENDING]


class Delivery(models.Model):
    """One message to one person or address through one channel. The key is sent with
    every attempt so a receiver that honours it can drop a repeat."""

    message = models.ForeignKey(
        Message, verbose_name="消息", on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField("通道", max_length=16, choices=ChannelKind.choices)
    target = models.CharField("发往", max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The robot or push address sent through: its secret and its rate budget.
    webhook = models.ForeignKey(
        Webhook,
        verbose_name="推送通道",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    key = models.CharField("幂等键", max_length=100, unique=True)
    status = models.CharField(
        "状态", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=clock.now)
    lease_until = models.DateTimeField("占用至", null=True, blank=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "发送记录"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status__in=["pending", "retry", "sending"]),
            ),
            models.Index(fields=["user", "channel", "read_at"], name="delivery_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.target}"


class DeliveryAttempt(models.Model):
    """Written before the transport is called, completed with its result."""

    delivery = models.ForeignKey(
        Delivery, verbose_name="发送记录", on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField("第几次")
    started_at = models.DateTimeField("开始")
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    ok = models.BooleanField("成功", null=True)
    error = models.CharField("错误", max_length=500, blank=True)
    response_code = models.PositiveSmallIntegerField("响应码", null=True, blank=True)
    # Set when this delivery rode in another's robot summary message: only attempts
    # that carried a message of their own count against a robot's rate budget.
    carried_by = models.ForeignKey(
        "self",
        verbose_name="随同发送于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried",
    )

    class Meta:
        verbose_name = verbose_name_plural = "发送尝试"
        ordering = ["delivery", "number"]
        indexes = [models.Index(fields=["started_at"], name="delivery_attempt_started")]

    def __str__(self) -> str:
        return f"{self.delivery} 第{self.number}次"


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


class DailyDigest(models.Model):
    """The user chose one e-mail a day listing their messages instead of one each."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_digest"
    )
    last_sent_on = models.DateField("上次发送", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "每日消息摘要"

    def __str__(self) -> str:
        return str(self.user)
