from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node

from govdesk.lib.pinyin import pinyin_keys


class UnitKind(models.TextChoices):
    OFFICE = "office", "政府办公室"
    TOWNSHIP = "township", "乡镇/街道"
    DEPARTMENT = "department", "部门"
    DEV_ZONE = "dev_zone", "开发区"
    LIAISON = "liaison", "驻外办事处"
    GRASSROOTS = "grassroots", "基层信息直报点"


class Level(models.IntegerChoices):
    """Administrative level of an office or a leader (ordered: higher is larger)."""

    TOWNSHIP = 10, "乡镇级"
    COUNTY = 20, "县级"
    CITY = 30, "市级"
    PROVINCE = 40, "省级"
    NATIONAL = 50, "国家级"


class Unit(MP_Node):
    """An office or one of its reporting units; the tree is the reporting line.

    A unit reports to its parent, which is always an office (不得越级上报).
    Offices carry a level; other units take their office's level for display.
    """

    name = models.CharField("单位名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("单位类型", max_length=16, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(
        "行政层级", choices=Level.choices, null=True, blank=True, help_text="仅政府办公室填写"
    )
    counterpart = models.ForeignKey(
        "self",
        verbose_name="对口上级部门",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counterpart_points",
        help_text="基层信息直报点的对口上级部门，计分时同步计入",
    )
    is_active = models.BooleanField("启用", default=True)
    name_pinyin = models.CharField(max_length=300, editable=False, db_index=True)
    name_initials = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="office", level__isnull=False) | ~Q(kind="office"),
                name="office_has_level",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = pinyin_keys(self.name)
        super().save(*args, **kwargs)

    @property
    def is_office(self) -> bool:
        return self.kind == UnitKind.OFFICE

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def superior_office(self) -> "Unit | None":
        """The office this unit sends its items to: its direct parent (never further up)."""
        parent = Unit.objects.get_parent(self)
        return parent if parent is not None and parent.is_office else None

    def effective_level(self) -> int | None:
        if self.is_office:
            return self.level
        office = self.superior_office()
        return office.level if office else None


class UnitCategory(models.Model):
    """A unit's assessment category (A/B/C …) for one year; targets hang off it later."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="categories"
    )
    year = models.PositiveSmallIntegerField("考核年度")
    category = models.CharField("类别", max_length=16)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位考核类别"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_category_per_unit_year")
        ]
        ordering = ["-year", "unit__path"]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}年 {self.category}类"
