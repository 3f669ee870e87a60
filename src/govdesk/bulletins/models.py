"""Issues (期) of a publication: numbering, entries, distribution and read receipts.
They moved here from ``publications`` with a state-only migration: each keeps its
table (``db_table``), so no data moved."""

from django.conf import settings
from django.db import models

from govdesk.lib import clock
from govdesk.publications.models import Column, Publication
from govdesk.units.models import Unit


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
        db_table = "publications_issue"
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
        db_table = "publications_issuecounter"
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
        db_table = "publications_issueentry"
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
        db_table = "publications_issuerecipient"
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
        db_table = "publications_issueread"
        verbose_name = verbose_name_plural = "阅读记录"
        constraints = [models.UniqueConstraint(fields=["issue", "user"], name="read_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} {self.read_at:%Y-%m-%d %H:%M}"
