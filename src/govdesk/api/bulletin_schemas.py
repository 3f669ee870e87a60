"""Request and response shapes for issues (期) (``api.bulletins``); conventions as in
``schemas``."""

import datetime
from typing import Literal

from ninja import Field

from govdesk import policy
from govdesk.api.schemas import (
    ApiSchema,
    InputSchema,
    ItemRef,
    LocalDateTime,
    QuerySchema,
    UnitRef,
    UserRef,
    legend,
)
from govdesk.bulletins.models import IssueRead, IssueState, RecipientKind
from govdesk.lib.text import BODY_MAX, NOTE_MAX


class IssueOut(ApiSchema):
    id: int = Field(..., description="刊期 ID")
    publication: UnitRef = Field(..., description="刊物（id、name）")
    office: UnitRef = Field(..., description="主办办公室")
    title: str = Field(..., description="本期标题")
    supplement: bool = Field(..., description="是否增刊（增刊单独编号）")
    state: int = Field(..., description=f"状态：{legend(IssueState)}")
    state_label: str = Field(..., description="状态名称")
    year: int | None = Field(None, description="年度（印发时确定）")
    number: int | None = Field(None, description="年内期号（第N期，印发时编号）")
    total_number: int | None = Field(None, description="总期号（总第M期；增刊无）")
    number_label: str = Field(..., description="期号，如 2026年第3期；未印发为（未编号）")
    date: datetime.date | None = Field(None, description="印发日期")
    editor: UserRef | None = Field(None, description="编辑")
    signer: UserRef | None = Field(None, description="签发人")
    signed_at: LocalDateTime | None = Field(None, description="签发时间")
    released_at: LocalDateTime | None = Field(None, description="印发时间")
    void_reason: str = Field(..., description="作废原因")
    unread: bool = Field(..., description="当前用户是否尚未阅读")

    @staticmethod
    def resolve_office(obj):
        return obj.publication.office

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_unread(obj, context) -> bool:
        if hasattr(obj, "read"):  # annotated by publications.selectors.issue_list
            return not obj.read
        return not IssueRead.objects.filter(issue=obj, user=context["request"].auth).exists()


class EntryOut(ApiSchema):
    id: int = Field(..., description="文章 ID")
    position: int = Field(..., description="顺序")
    title: str = Field(..., description="标题")
    body: str = Field(..., description="正文（编辑修改后的文本；原文见信息的版本历史）")
    editor_note: str = Field(..., description="编者按")
    combined: bool = Field(..., description="是否为综合信息（多个单位的信息合编）")
    column: UnitRef | None = Field(None, description="栏目（id、name）；综合信息为空")
    items: list[ItemRef] = Field(..., description="来源信息")
    credited_units: list[UnitRef] = Field(..., description="计分单位（综合信息计入每个来源单位）")

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.select_related("unit").order_by("pk"))

    @staticmethod
    def resolve_credited_units(obj) -> list:
        return obj.credited_units()


class RecipientOut(ApiSchema):
    kind: str = Field(..., description=f"方式：{legend(RecipientKind)}")
    kind_label: str = Field(..., description="方式名称")
    user: UserRef | None = Field(None, description="领导（报送到人时）")
    unit: UnitRef | None = Field(None, description="单位（报送、抄送到单位时）")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class IssueDetailOut(IssueOut):
    entries: list[EntryOut] = Field(..., description="本期文章，按顺序")
    recipients: list[RecipientOut] = Field(..., description="报送、抄送范围")
    can_edit: bool = Field(..., description="当前用户可否编辑本期（本办编辑、主编）")
    can_sign: bool = Field(..., description="当前用户可否签发、印发、作废本期（本办主编）")

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.order_by("position", "id"))

    @staticmethod
    def resolve_recipients(obj) -> list:
        return list(obj.recipients.select_related("user", "unit"))

    @staticmethod
    def resolve_can_edit(obj, context) -> bool:
        return policy.can(context["request"].auth, "issue.edit", obj)

    @staticmethod
    def resolve_can_sign(obj, context) -> bool:
        return policy.can(context["request"].auth, "issue.sign", obj)


class ReceiptOut(ApiSchema):
    recipient: RecipientOut = Field(..., description="报送、抄送对象")
    read_at: LocalDateTime | None = Field(None, description="首次阅读时间；未读为空")
    reader: UserRef | None = Field(None, description="首位阅读人；未读为空")

    @staticmethod
    def resolve_read_at(obj):
        return obj["read"].read_at if obj["read"] else None

    @staticmethod
    def resolve_reader(obj):
        return obj["read"].user if obj["read"] else None


class ReadOut(ApiSchema):
    first_time: bool = Field(..., description="是否为首次阅读（首次阅读记入阅读回执）")


class IssueFilters(QuerySchema):
    q: str = Field("", max_length=100, description="关键词：本期标题、文章标题或正文")


class IssueCreateIn(InputSchema):
    publication: int = Field(..., description="刊物 ID（本人任编辑的办公室的刊物）")
    supplement: bool = Field(False, description="是否增刊")
    title: str = Field("", max_length=100, description="本期标题（可空）")


class EntryAddIn(InputSchema):
    item_ids: list[int] = Field(
        ..., min_length=1, description="已被本刊采用的信息 ID；多条时合编为一篇综合信息"
    )
    title: str = Field("", max_length=200, description="标题；综合信息必填，单条默认用原标题")
    body: str = Field("", max_length=BODY_MAX, description="正文；综合信息必填，单条默认用原文")
    editor_note: str = Field("", max_length=NOTE_MAX, description="编者按")


class EntryUpdateIn(InputSchema):
    title: str = Field(..., max_length=200, description="标题")
    body: str = Field(..., max_length=BODY_MAX, description="正文")
    editor_note: str = Field("", max_length=NOTE_MAX, description="编者按")


class EntryMoveIn(InputSchema):
    offset: Literal[-1, 1] = Field(..., description="-1=上移一位；1=下移一位")


class RecipientsIn(InputSchema):
    send_users: list[int] = Field([], description="报送领导（本办领导的用户 ID）")
    send_units: list[int] = Field([], description="报送单位 ID（上级办公室或本办下属单位）")
    copy_units: list[int] = Field([], description="抄送单位 ID（上级办公室或本办下属单位）")


class VoidIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=200, description="作废原因（说明期号空缺）")
