"""Shapes of /api/circulars, /api/awards, /api/search and /api/notifications."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, ItemRef, QuerySchema, UnitRef, legend
from govdesk.awards.models import Subject
from govdesk.circulars.models import Kind, State
from govdesk.notifications.models import Kind as NotificationKind

# --- circulars (通报) ---------------------------------------------------------------


class CircularOut(ApiSchema):
    id: int = Field(..., description="通报 ID")
    office: UnitRef = Field(..., description="发文办公室")
    kind: str = Field(..., description=f"类型：{legend(Kind)}")
    kind_label: str = Field(..., description="类型名称")
    state: str = Field(..., description=f"状态：{legend(State)}")
    state_label: str = Field(..., description="状态名称")
    period_label: str = Field(..., description="期间，如 2026年3月")
    period_start: date = Field(..., description="期间起")
    period_end: date = Field(..., description="期间止")
    doc_number: str = Field(..., description="文号（签发后）")
    title: str = Field(..., description="标题")
    issued_at: datetime | None = Field(None, description="签发时间")
    withdrawn_at: datetime | None = Field(None, description="撤回时间")
    withdraw_reason: str = Field(..., description="撤回原因")
    documents: list[str] = Field(
        ..., description="可下载的签发文件格式（docx、xlsx），见“下载通报文件”接口"
    )

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_documents(obj) -> list[str]:
        return [] if obj.state == State.DRAFT else ["docx", "xlsx"]


class CircularDetailOut(CircularOut):
    content: dict[str, Any] = Field(
        ..., description="签发时冻结的内容（各单位得分、采用数、名次等）；草稿为空"
    )

    @staticmethod
    def resolve_content(obj) -> dict:
        return obj.content if obj.state != State.DRAFT else {}


class CircularFilters(QuerySchema):
    office: int | None = Field(None, description="发文办公室 ID")
    state: Literal[tuple(State.values)] | None = Field(None, description=f"状态：{legend(State)}")


DocumentFormat = Literal["docx", "xlsx"]


class IssueCircularIn(InputSchema):
    doc_number: str = Field(..., max_length=100, description="文号，如 县府办〔2026〕12号")


class WithdrawCircularIn(InputSchema):
    reason: str = Field(..., max_length=600, description="撤回原因（必填，记入变更记录）")


# --- awards (评先评优) --------------------------------------------------------------


class AwardSchemeOut(ApiSchema):
    id: int = Field(..., description="考核方案 ID")
    name: str = Field(..., description="考核方案")
    year: int = Field(..., description="考核年度")
    office: UnitRef = Field(..., description="考核办公室")
    confirmed: bool = Field(..., description="评选结果是否已由主编确认")


class CheckOut(ApiSchema):
    criterion: str = Field(..., description="条件")
    status: str = Field(..., description="核对结果代码")
    label: str = Field(..., description="核对结果：符合、不符合、经核实符合、待核实")
    summary: str = Field(..., description="依据记录的说明")


class SharedCandidateOut(ApiSchema):
    unit: UnitRef = Field(..., description="单位")
    officer_id: int | None = Field(None, description="个人奖项的信息员用户 ID")
    name: str = Field(..., description="候选名称")
    score: str = Field(..., description="年度得分")
    verdict: str = Field(..., description="按记录：符合、待核实或不符合")
    proposed: bool = Field(..., description="各条件是否均已符合或核实")
    granted: bool = Field(..., description="是否授予（含主编调整）")
    override_reason: str | None = Field(None, description="主编调整的理由")
    checks: list[CheckOut] = Field(..., description="逐项条件核对")


class AwardOut(ApiSchema):
    id: int = Field(..., description="奖项 ID")
    name: str = Field(..., description="奖项名称")
    subject: str = Field(..., description=f"评选对象：{legend(Subject)}")
    candidates: list[SharedCandidateOut] = Field(..., description="候选单位或个人")


class EvaluationOut(ApiSchema):
    scheme: AwardSchemeOut = Field(..., description="考核方案")
    awards: list[AwardOut] = Field(..., description="各奖项的评选情况")


class WinnerOut(ApiSchema):
    award: str = Field(..., description="奖项")
    unit: UnitRef = Field(..., description="单位")
    officer: str | None = Field(None, description="个人奖项的获奖人姓名")
    overridden: bool = Field(..., description="是否经主编调整")


class ConfirmedOut(ApiSchema):
    scheme: AwardSchemeOut = Field(..., description="考核方案")
    confirmed_by: str = Field(..., description="确认人")
    confirmed_at: datetime = Field(..., description="确认时间")
    written_on: date = Field(..., description="成文日期")
    winners: list[WinnerOut] = Field(..., description="获奖名单，按奖项顺序")


# --- search (全文检索与查重) ----------------------------------------------------------


class SearchFilters(QuerySchema):
    q: str = Field(..., min_length=1, max_length=100, description="检索词，可多个，以空格分隔")
    unit: int | None = Field(None, description="报送单位 ID")
    publication: int | None = Field(None, description="只检索被该刊物采用的信息（刊物 ID）")
    date_from: date | None = Field(None, description="报送日期起（含），YYYY-MM-DD")
    date_to: date | None = Field(None, description="报送日期止（含），YYYY-MM-DD")
    page: int = Field(1, ge=1, le=500, description="页码，从 1 开始")


class HitOut(ApiSchema):
    item: ItemRef = Field(..., description="信息")
    title: str = Field(..., description="标题，检索词以 <mark> 标出")
    snippet: str = Field(..., description="正文摘要，检索词以 <mark> 标出")


class SearchOut(ApiSchema):
    words: list[str] = Field(..., description="分词后的检索词")
    total: int = Field(..., description="命中总数（超过上限时为上限）")
    page: int = Field(..., description="页码")
    hits: list[HitOut] = Field(..., description="本页命中，每页 20 条")


class SimilarIn(InputSchema):
    unit_id: int = Field(..., description="报送单位 ID（查与其上级办公室收到的信息是否重复）")
    title: str = Field(..., max_length=200, description="标题")
    body: str = Field(..., min_length=1, max_length=20000, description="正文")
    item_id: int | None = Field(None, description="已有信息的 ID（排除其自身）")


class SimilarOut(ApiSchema):
    item: ItemRef = Field(..., description="相似的信息（仅限本人可查看的）")
    score: float = Field(..., description="相似度，0—1")


class PairOut(ApiSchema):
    first: ItemRef = Field(..., description="信息一")
    second: ItemRef = Field(..., description="信息二")
    score: float = Field(..., description="相似度，0—1")
    relation: str = Field(..., description="关系代码")
    label: str = Field(..., description="关系：重复报送、疑似雷同、条块双报")


class PairFilters(QuerySchema):
    days: int = Field(30, ge=1, le=366, description="查最近多少天报送的信息")


# --- notifications (站内消息) ---------------------------------------------------------


class NotificationOut(ApiSchema):
    id: int = Field(..., description="消息 ID")
    kind: str = Field(..., description=f"类型：{legend(NotificationKind)}")
    kind_label: str = Field(..., description="类型名称")
    title: str = Field(..., description="标题")
    body: str = Field(..., description="内容")
    url: str = Field(..., description="相关网页地址")
    created_at: datetime = Field(..., description="时间")
    read_at: datetime | None = Field(None, description="阅读时间；未读为空")

    # A row is the person's in-app delivery of a message (its id is the delivery's).
    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.message.kind

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.message.get_kind_display()

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.message.subject

    @staticmethod
    def resolve_body(obj) -> str:
        return obj.message.text

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.message.url


class NotificationFilters(QuerySchema):
    unread: bool | None = Field(None, description="true 只列未读消息")


class MarkedOut(ApiSchema):
    marked: int = Field(..., description="本次标为已读的条数")
