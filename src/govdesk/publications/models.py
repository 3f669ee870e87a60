from django.conf import settings
from django.db import models

from govdesk.lib import clock
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


# --- issues (期) ------------------------------------------------------------------


class IssueState(models.IntegerChoices):
    """Ordered: "at least signed" is a comparison."""

    DRAFT = 0, "编辑中"
    SIGNED = 10, "已签发"
    RELEASED = 20, "已印发"
    VOIDED = 30, "已作废"


class Issue(models.Model):
    """One issue (期) of an office's publication. Its numbers are assigned at release
    from ``IssueCounter`` and never change or get reused; a voided issue keeps its
    number with the reason, which is how a gap in the sequence is explained."""

    publication = models.ForeignKey(
        Publication, verbose_name="刊物", on_delete=models.PROTECT, related_name="issues"
    )
    title = models.CharField("本期标题", max_length=100, blank=True)
    supplement = models.BooleanField("增刊", default=False)
    state = models.PositiveSmallIntegerField(
        "状态", choices=IssueState.choices, default=IssueState.DRAFT
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    number = models.PositiveIntegerField("期号", null=True, blank=True)
    total_number = models.PositiveIntegerField("总期号", null=True, blank=True)
    date = models.DateField("印发日期", null=True, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任编辑",
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    released_at = models.DateTimeField("印发时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "刊期"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "year", "supplement", "number"],
                name="issue_number_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["publication", "total_number"], name="issue_total_number_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publication}{self.number_label}"

    @property
    def number_label(self) -> str:
        if self.number is None:
            return "（未编号）"
        kind = "增刊" if self.supplement else ""
        return f"{self.year}年{kind}第{self.number}期"

    @property
    def is_released(self) -> bool:
        return self.state == IssueState.RELEASED


class IssueCounter(models.Model):
    """The last number handed out in one series: a publication's year (``year`` set,
    regular or supplement) or its running total (``year`` 0). Releases lock the row."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    supplement = models.BooleanField(default=False)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "期号计数"
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "year", "supplement"], name="one_counter_per_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.year} {self.last}"


class IssueEntry(models.Model):
    """An article of an issue. It prints its own edited text; the items keep the text
    their units sent. A 综合信息 article combines several units' items and credits all."""

    issue = models.ForeignKey(
        Issue, verbose_name="刊期", on_delete=models.CASCADE, related_name="entries"
    )
    position = models.PositiveSmallIntegerField("顺序")
    column = models.ForeignKey(
        Column, verbose_name="栏目", null=True, blank=True, on_delete=models.PROTECT
    )
    items = models.ManyToManyField(
        "items.Item", verbose_name="来源信息", related_name="issue_entries"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    editor_note = models.TextField("编者按", blank=True)
    combined = models.BooleanField("综合信息", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "刊期文章"
        ordering = ["issue", "position", "id"]

    def __str__(self) -> str:
        return self.title

    def credited_units(self) -> list:
        """Every unit whose item went into this article (the origin behind forwards)."""
        seen: dict[int, object] = {}
        for item in self.items.select_related("unit").order_by("pk"):
            unit = item.origin.unit
            seen.setdefault(unit.pk, unit)
        return list(seen.values())


class RecipientKind(models.TextChoices):
    SEND = "send", "报送"
    COPY = "copy", "抄送"


class IssueRecipient(models.Model):
    """A line of the distribution list: a leader (user) or a unit."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField("方式", max_length=8, choices=RecipientKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "分送对象"
        ordering = ["issue", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=True) ^ models.Q(unit__isnull=True),
                name="recipient_user_xor_unit",
            )
        ]

    def __str__(self) -> str:
        return str(self.user or self.unit)


class IssueRead(models.Model):
    """Read receipt: the first time a person opened a released issue."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = verbose_name_plural = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="read_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.read_at:%Y-%m-%d %H:%M}"
