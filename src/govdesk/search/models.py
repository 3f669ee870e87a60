from django.conf import settings
from django.db import models

from govdesk.bulletins.models import Issue, IssueEntry
from govdesk.items.models import Item
from govdesk.lib import clock


class SearchDoc(models.Model):
    """An item's text as jieba-segmented words, one row per item (its id is the item's).

    The database's own full-text index is built over this table by the migration:
    an FTS5 external-content table kept in step by triggers on SQLite, a generated
    tsvector column with a GIN index on PostgreSQL. Deleting an item cascades here.
    """

    item = models.OneToOneField(
        Item, verbose_name="信息", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField("标题分词")
    body = models.TextField("正文分词")
    meta = models.TextField("单位、作者、附件分词")
    indexed_at = models.DateTimeField("索引时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "检索索引"

    def __str__(self) -> str:
        return f"检索索引 #{self.item_id}"


class IssueDoc(models.Model):
    """An issue article's text as segmented words, one row per article (its id is the
    article's), indexed by the database like SearchDoc. ``meta`` holds the publication,
    the issue's title and number and the credited units."""

    entry = models.OneToOneField(
        IssueEntry,
        verbose_name="刊期文章",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    issue = models.ForeignKey(
        Issue, verbose_name="刊期", on_delete=models.CASCADE, related_name="+"
    )
    title = models.TextField("标题分词")
    body = models.TextField("正文、编者按分词")
    meta = models.TextField("刊物、期号、单位分词")
    indexed_at = models.DateTimeField("索引时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "刊期检索索引"

    def __str__(self) -> str:
        return f"刊期检索索引 #{self.entry_id}"


class Signature(models.Model):
    """An item's MinHash signature, read to screen the LSH candidates (``LshBand``)."""

    id = models.BigAutoField(primary_key=True)
    item = models.OneToOneField(
        Item, verbose_name="信息", on_delete=models.CASCADE, related_name="+"
    )
    office_id = models.IntegerField("接收单位", db_index=True)
    hashvalues = models.BinaryField("签名")

    class Meta:
        verbose_name = verbose_name_plural = "查重签名"

    def __str__(self) -> str:
        return f"查重签名 #{self.item_id}"


class LshBand(models.Model):
    """One LSH band of an item's signature: the band's number and a 64-bit hash of the
    number and the band's values. The duplicate index every process shares: items whose
    signatures agree on a whole band are candidates, found by one indexed query."""

    item = models.ForeignKey(Item, verbose_name="信息", on_delete=models.CASCADE, related_name="+")
    band = models.PositiveSmallIntegerField("段号")
    hash = models.BigIntegerField("段哈希")

    class Meta:
        verbose_name = verbose_name_plural = "查重分段索引"
        # The item beside the hash: a crowded bucket's items are read from the index
        # alone (index-only on PostgreSQL), not from one table page each.
        indexes = [models.Index(fields=["hash", "item"], name="search_lshband_hash_item")]

    def __str__(self) -> str:
        return f"查重分段 #{self.item_id}-{self.band}"


class NotDuplicate(models.Model):
    """An editor's "not a duplicate" mark for a pair of items (lower id first)."""

    first = models.ForeignKey(
        Item, verbose_name="信息一", on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Item, verbose_name="信息二", on_delete=models.CASCADE, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标记人", on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField("标记时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "非重复标记"
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.first_id}–{self.second_id}"
