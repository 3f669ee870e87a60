"""The public portal (政府门户网站): an office's columns and the articles its network
information centre publishes from items its units marked 主动公开.

An article is the public copy: its own title, text and scrubbed media, so the
internal item is never changed by what the portal edits, and withdrawal or
correction touches only the copy."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from govdesk.items.models import Item
from govdesk.lib import clock
from govdesk.lib.text import BODY_MAX, NOTE_MAX, validate_plain_text
from govdesk.units.models import Unit

# The national website inspection's defaults: news columns two weeks, notices six months.
NEWS_FRESHNESS_DAYS = 14
NOTICE_FRESHNESS_DAYS = 180


class ColumnKind(models.TextChoices):
    NEWS = "news", "动态类"
    NOTICE = "notice", "公告类"


class PortalColumn(models.Model):
    # Led by the unique (office, slug) constraint's index, which serves it.
    office = models.ForeignKey(
        Unit,
        verbose_name="办公室",
        on_delete=models.CASCADE,
        related_name="portal_columns",
        db_index=False,
    )
    name = models.CharField("栏目名称", max_length=50, validators=[validate_plain_text])
    slug = models.SlugField("网址名", max_length=40)
    kind = models.CharField("栏目类型", max_length=8, choices=ColumnKind.choices)
    freshness_days = models.PositiveSmallIntegerField("更新时限（天）")
    position = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站栏目"
        ordering = ["office", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "slug"], name="portal_column_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class ArticleState(models.IntegerChoices):
    DRAFT = 0, "待发布"
    SCHEDULED = 10, "定时发布"
    PUBLISHED = 20, "已发布"
    WITHDRAWN = 30, "已撤稿"


class Article(models.Model):
    # portal_article_live below serves a filter on the office alone. The column keeps its
    # own index: without it PostgreSQL reads a column's newest articles by scanning the
    # whole site's by date, not portal_column_live (docs/performance.md).
    office = models.ForeignKey(
        Unit,
        verbose_name="办公室",
        on_delete=models.PROTECT,
        related_name="portal_articles",
        db_index=False,
    )
    column = models.ForeignKey(
        PortalColumn, verbose_name="栏目", on_delete=models.PROTECT, related_name="articles"
    )
    # The source: an item, or an issued monthly notice (通报) whose figures the site
    # publishes (seed 001 范文8: 定期在网站上公布); exactly one of the two.
    item = models.OneToOneField(
        Item,
        verbose_name="来源信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_article",
    )
    source_notice = models.OneToOneField(
        "circulars.Circular",
        verbose_name="来源通报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_article",
    )
    source_unit = models.ForeignKey(
        Unit, verbose_name="来源单位", on_delete=models.PROTECT, related_name="+"
    )
    # The item's text when the article was taken: the public version's diff is against it.
    source_title = models.CharField("原标题", max_length=200)
    source_body = models.TextField("原文")
    title = models.CharField("标题", max_length=200, validators=[validate_plain_text])
    body = models.TextField("正文", max_length=BODY_MAX, validators=[validate_plain_text])
    state = models.PositiveSmallIntegerField(
        "状态", choices=ArticleState.choices, default=ArticleState.DRAFT, db_index=True
    )
    secrecy_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保密审查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secrecy_checked_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_note = models.TextField("更正说明", blank=True, max_length=NOTE_MAX)
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤稿时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤稿原因", blank=True, max_length=NOTE_MAX)
    created_at = models.DateTimeField("创建时间", default=clock.now)
    updated_at = models.DateTimeField("更新时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "网站文章"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["office", "state", "published_at"], name="portal_article_live"),
            models.Index(fields=["column", "state", "published_at"], name="portal_column_live"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False, source_notice__isnull=True)
                | Q(item__isnull=True, source_notice__isnull=False),
                name="portal_article_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        super().save(*args, **kwargs)

    @property
    def figures(self) -> dict | None:
        """The issued notice's frozen figures, for an article made from one."""
        return self.source_notice.content if self.source_notice_id else None


def _media_path(instance: "ArticleMedia", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"portal/{clock.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class ArticleMedia(models.Model):
    """A published copy of an item's attachment, with its hidden metadata removed."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="media"
    )
    kind = models.CharField("类型", max_length=16)
    file = models.FileField("文件", upload_to=_media_path, max_length=200)
    mime = models.CharField("媒体类型", max_length=100)
    original_name = models.CharField("文件名", max_length=200)
    caption = models.CharField("说明", max_length=200, blank=True)
    alt = models.CharField("替代文字", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文章附件"
        ordering = ["article", "position", "id"]

    def __str__(self) -> str:
        return self.original_name


class PortalSubmission(models.Model):
    """An item its unit sends to the portal alone (单独报送网站): not submitted to the
    office's information section, yet on the portal desk for the 网站编辑 (seed 001
    范文8: units send information to the portal as well as to the information
    section)."""

    item = models.OneToOneField(
        "items.Item",
        verbose_name="信息",
        on_delete=models.CASCADE,
        related_name="portal_submission",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("报送时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "单独报送网站"

    def __str__(self) -> str:
        return str(self.item)
