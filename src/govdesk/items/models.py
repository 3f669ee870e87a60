import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models

from govdesk.lib import clock
from govdesk.lib.text import BODY_MAX, NOTE_MAX, validate_plain_text
from govdesk.units.models import Unit


class State(models.IntegerChoices):
    """Ordered so that "at least submitted" is a comparison (state >= SUBMITTED)."""

    DRAFT = 0, "草稿"
    PENDING_SIGNOFF = 10, "待审核签发"
    RETURNED = 20, "退回修改"
    SUBMITTED = 30, "已报送"
    RESUBMITTED = 40, "已重新报送"
    ADOPTED = 50, "已采用"
    NOT_ADOPTED = 60, "未采用"


class ItemKind(models.TextChoices):
    DYNAMIC = "dynamic", "动态"
    COMPREHENSIVE = "comprehensive", "综合"
    BRIEF = "brief", "简要"
    SPECIAL = "special", "专题"
    RESEARCH = "research", "调研"
    EXPERIENCE = "experience", "经验交流"
    SUGGESTION = "suggestion", "问题建议"
    DIGEST = "digest", "网摘"
    EMERGENCY = "emergency", "紧急"


class Urgency(models.IntegerChoices):
    """时效级别, most urgent first; URGENCY_LIMITS gives each its handling limit."""

    FLASH = 1, "特急"
    URGENT = 2, "紧急"
    PROMPT = 3, "急"
    DEFERRED = 4, "缓"
    ROUTINE = 5, "日常"


# Hours the receiving office has to handle an item of each urgency.
URGENCY_LIMITS = {
    Urgency.FLASH: timedelta(hours=2),
    Urgency.URGENT: timedelta(hours=6),
    Urgency.PROMPT: timedelta(hours=24),
    Urgency.DEFERRED: timedelta(days=3),
    Urgency.ROUTINE: timedelta(days=7),
}


class Classification(models.TextChoices):
    PUBLIC = "public", "非涉密"
    INTERNAL = "internal", "内部"
    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"
    TOP_SECRET = "top_secret", "绝密"


class PublicRelease(models.TextChoices):
    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_PUBLIC = "not_public", "不予公开"


class Item(models.Model):
    """An information item (政务信息) a unit reports to its superior office."""

    # No index of their own: each leads composite indexes below, which serve a filter on
    # it alone as well (docs/performance.md, "Indexes a composite one covers").
    unit = models.ForeignKey(
        Unit,
        verbose_name="报送单位",
        on_delete=models.PROTECT,
        related_name="items",
        db_index=False,
    )
    office = models.ForeignKey(
        Unit,
        verbose_name="接收单位",
        on_delete=models.PROTECT,
        related_name="received_items",
        help_text="报送单位的直接上级办公室",
        db_index=False,
    )
    title = models.CharField("标题", max_length=200, validators=[validate_plain_text])
    body = models.TextField(
        "正文", blank=True, max_length=BODY_MAX, validators=[validate_plain_text]
    )
    kind = models.CharField(
        "信息类型", max_length=16, choices=ItemKind.choices, default=ItemKind.DYNAMIC
    )
    urgency = models.PositiveSmallIntegerField(
        "时效级别", choices=Urgency.choices, default=Urgency.ROUTINE
    )
    classification = models.CharField(
        "密级", max_length=16, choices=Classification.choices, default=Classification.PUBLIC
    )
    public_release = models.CharField(
        "公开属性", max_length=16, choices=PublicRelease.choices, default=PublicRelease.NOT_PUBLIC
    )
    topics = models.CharField(
        "主题词", max_length=200, blank=True, validators=[validate_plain_text]
    )
    writer = models.CharField("执笔人", max_length=50, blank=True, validators=[validate_plain_text])
    contact_phone = models.CharField(
        "联系电话", max_length=30, blank=True, validators=[validate_plain_text]
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="作者", blank=True, related_name="authored_items"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.PositiveSmallIntegerField("状态", choices=State.choices, default=State.DRAFT)
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)
    submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True, db_index=True)
    last_submitted_at = models.DateTimeField("最近报送时间", null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField("报送次数", default=0)
    due_at = models.DateTimeField("办理时限", null=True, blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    return_reason = models.TextField("退回原因", blank=True, max_length=NOTE_MAX)
    reject_reason = models.TextField("不予采用原因", blank=True, max_length=NOTE_MAX)
    # A forward (转报) is a copy owned by the forwarding office and sent to its own
    # superior; one-to-one, so an item is forwarded at most once.
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name="转报自",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forward",
    )
    # Optimistic concurrency: every save bumps it; a stale form from someone else is refused.
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=clock.now)
    updated_at = models.DateTimeField("更新时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "报送信息"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["office", "state", "last_submitted_at"]),
            models.Index(fields=["unit", "state", "updated_at"]),
            # Scoring's "submitted in a period, per unit" counts read only this index.
            models.Index(fields=["office", "submitted_at", "unit"], name="item_office_submitted"),
            # A few units' counts (one event's ledger update): led by the unit, so they read
            # the units' rows, not the office's whole year (the index above, without
            # fresh statistics, grew with the corpus).
            models.Index(
                fields=["unit", "office", "submitted_at"], name="item_unit_office_submitted"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)

    @property
    def origin(self) -> "Item":
        """The unit's original item behind a chain of forwards (credit goes there)."""
        item = self
        while item.forwarded_from_id:
            item = item.forwarded_from
        return item

    @property
    def is_overdue(self) -> bool:
        return (
            self.due_at is not None
            and self.state in (State.SUBMITTED, State.RESUBMITTED)
            and self.due_at < clock.now()
        )


class ItemVersion(models.Model):
    """The text of an item as it stood after each change made once it left the draft."""

    # Led by the unique (item, number) constraint's index, which serves it.
    item = models.ForeignKey(
        Item, verbose_name="信息", on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "信息版本"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="version_number_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item} 第{self.number}版"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never derives from the uploader's name: no traversal, no clashes.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{ext}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", "图片"
    VIDEO = "video", "视频"
    AUDIO = "audio", "音频"
    DOCUMENT = "document", "文档"


class Attachment(models.Model):
    item = models.ForeignKey(
        Item, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=_attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=16, choices=AttachmentKind.choices)
    mime = models.CharField("媒体类型", max_length=100)
    size = models.PositiveBigIntegerField("大小")
    sha256 = models.CharField("SHA-256 校验值", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["item", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
