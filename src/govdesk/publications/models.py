"""The catalogue: publications (刊物) and their columns per office, and the record of
which publication adopted which item. Their issues (期) are ``govdesk.bulletins``."""

from django.conf import settings
from django.db import models

from govdesk.units.models import Level, Unit


class AdoptionKind(models.TextChoices):
    """How an item was used in a publication; scoring schemes price each kind."""

    COMPREHENSIVE = "comprehensive", "综合"
    BRIEF = "brief", "简要"
    SPECIAL = "special", "专题"
    RESEARCH = "research", "调研"
    DIGEST = "digest", "网摘"
    SOLICITED = "solicited", "约稿"
    GENERAL = "general", "采用"


class Publication(models.Model):
    """A bulletin (刊物) an office publishes, e.g. 《快讯》; publications change over years."""

    office = models.ForeignKey(
        Unit,
        verbose_name="主办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        limit_choices_to={"kind": "office"},
        help_text="本系统内办公室的刊物；省、国务院等不在本系统的上级刊物留空并填写层级",
    )
    level = models.PositiveSmallIntegerField(
        "刊物层级", choices=Level.choices, null=True, blank=True, help_text="仅外部刊物填写"
    )
    issuer = models.CharField("外部主办单位", max_length=100, blank=True)
    name = models.CharField("刊物名称", max_length=50, help_text="不含书名号，如：快讯")
    code = models.SlugField("代码", max_length=30)
    description = models.CharField("说明", max_length=200, blank=True)
    adoption_kinds = models.JSONField(
        "可用采用类型", default=list, blank=True, help_text="为空表示不区分类型（一律“采用”）"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    # The default distribution (分送范围) every new issue starts from; each issue keeps
    # its own copy, so changing the default never rewrites issues already made.
    default_send_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="默认报送领导", blank=True, related_name="+"
    )
    default_send_units = models.ManyToManyField(
        Unit, verbose_name="默认报送单位", blank=True, related_name="+"
    )
    default_copy_units = models.ManyToManyField(
        Unit, verbose_name="默认抄送单位", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "刊物"
        ordering = ["office", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="publication_code_per_office"),
            models.CheckConstraint(
                condition=models.Q(office__isnull=False, level__isnull=True)
                | models.Q(office__isnull=True, level__isnull=False),
                name="publication_office_or_external_level",
            ),
        ]

    def __str__(self) -> str:
        return f"《{self.name}》"

    @property
    def is_external(self) -> bool:
        return self.office_id is None

    @property
    def effective_level(self) -> int:
        """The level adoptions in this publication count at (县/市/省/国家)."""
        return self.level if self.is_external else self.office.level

    def kind_choices(self) -> list[tuple[str, str]]:
        kinds = self.adoption_kinds or [AdoptionKind.GENERAL]
        return [(k, AdoptionKind(k).label) for k in kinds]


class Column(models.Model):
    """A column (栏目) of a publication; publications without columns have none."""

    publication = models.ForeignKey(
        Publication, verbose_name="刊物", on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField("栏目名称", max_length=50)
    adoption_kinds = models.JSONField(
        "可用采用类型", default=list, blank=True, help_text="为空时沿用刊物的设置"
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "栏目"
        ordering = ["publication", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "name"], name="column_name_per_pub")
        ]

    def __str__(self) -> str:
        return f"{self.publication}·{self.name}"

    def kind_choices(self) -> list[tuple[str, str]]:
        if self.adoption_kinds:
            return [(k, AdoptionKind(k).label) for k in self.adoption_kinds]
        return self.publication.kind_choices()


class Adoption(models.Model):
    """An item used by a publication; an item may be adopted by several publications."""

    item = models.ForeignKey(
        "items.Item", verbose_name="信息", on_delete=models.PROTECT, related_name="adoptions"
    )
    publication = models.ForeignKey(
        Publication, verbose_name="刊物", on_delete=models.PROTECT, related_name="adoptions"
    )
    column = models.ForeignKey(
        Column,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    kind = models.CharField("采用类型", max_length=16, choices=AdoptionKind.choices)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="采用人", on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField("采用时间", db_index=True)
    note = models.CharField("备注", max_length=200, blank=True)
    # Evidence for adoptions in publications outside this deployment (省、国务院刊物).
    source_issue = models.CharField("刊载期号", max_length=50, blank=True)
    source_date = models.DateField("刊载日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "采用记录"
        ordering = ["-adopted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "publication"], name="adopted_once_per_pub")
        ]

    def __str__(self) -> str:
        where = f"{self.publication}·{self.column.name}" if self.column else str(self.publication)
        return f"{where}（{self.get_kind_display()}）"
