"""Request and response shapes for issues (期), annotations and supervision (批示、督办),
solicitations (约稿) and reporting key points (报送要点); conventions as in ``schemas``."""

import datetime
from typing import Literal

from ninja import Field

from govdesk import policy
from govdesk.annotations.models import TaskState
from govdesk.annotations.services import DEFAULT_WORKDAYS
from govdesk.api.schemas import (
    ApiSchema,
    InputSchema,
    ItemRef,
    LocalDateTime,
    QuerySchema,
    UnitRef,
    UserRef,
    codes,
    legend,
)
from govdesk.lib.text import BODY_MAX, NOTE_MAX
from govdesk.publications.models import IssueRead, IssueState, RecipientKind
from govdesk.solicitations.models import KeyPointKind
from govdesk.solicitations.selectors import LATE, MISSING, ON_TIME, STATUS_LABELS
from govdesk.units.models import Level

LevelCode = codes(Level)
KeyPointKindCode = codes(KeyPointKind)
TaskStatus = Literal["open", "overdue", "closed", "all"]

# --- issues ------------------------------------------------------------------------------


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


# --- annotations and supervision ----------------------------------------------------------


class TaskRef(ApiSchema):
    id: int = Field(..., description="督办 ID")
    unit: UnitRef = Field(..., description="承办单位")
    deadline: datetime.date = Field(..., description="办理期限")
    state: int = Field(..., description=f"状态：{legend(TaskState)}")


class AnnotationOut(ApiSchema):
    id: int = Field(..., description="批示 ID")
    item: ItemRef = Field(..., description="被批示的信息")
    leader: UserRef | None = Field(None, description="批示领导的账号；代为录入时为空")
    leader_name: str = Field(..., description="领导姓名职务")
    leader_level: int = Field(..., description=f"领导层级：{legend(Level)}")
    leader_level_label: str = Field(..., description="领导层级名称")
    text: str = Field(..., description="批示内容")
    annotated_at: LocalDateTime = Field(..., description="批示时间")
    requires_action: bool = Field(..., description="是否需办理落实（开启督办）")
    on_behalf: bool = Field(..., description="是否由编辑代为录入")
    evidence: str = Field(..., description="代录依据")
    entered_by: UserRef = Field(..., description="录入人")
    tasks: list[TaskRef] = Field(..., description="开启的督办事项")

    @staticmethod
    def resolve_leader_level_label(obj) -> str:
        return obj.get_leader_level_display()

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.select_related("unit").order_by("unit__path"))


class AnnotationIn(InputSchema):
    text: str = Field(..., max_length=5000, description="批示内容")
    requires_action: bool = Field(False, description="需办理落实：为承办单位开启督办")
    unit_ids: list[int] | None = Field(None, description="承办单位 ID；缺省为信息的原报送单位")
    workdays: int = Field(
        DEFAULT_WORKDAYS, description="办理期限（工作日数，已计入法定节假日和调休）"
    )
    on_behalf: bool = Field(False, description="代为录入纸质或上级领导的批示（本办编辑）")
    leader_name: str = Field("", max_length=100, description="代录时：领导姓名职务")
    leader_level: LevelCode | None = Field(None, description=f"代录时：领导层级，{legend(Level)}")
    annotated_at: LocalDateTime | None = Field(None, description="代录时：批示时间；缺省为现在")
    evidence: str = Field("", max_length=200, description="代录时：依据，如纸质批件编号")


class AnnotationRef(ApiSchema):
    id: int = Field(..., description="批示 ID")
    leader_name: str = Field(..., description="领导姓名职务")
    text: str = Field(..., description="批示内容")
    item: ItemRef = Field(..., description="被批示的信息")


class TaskOut(ApiSchema):
    id: int = Field(..., description="督办 ID")
    annotation: AnnotationRef = Field(..., description="批示")
    unit: UnitRef = Field(..., description="承办单位")
    office: UnitRef = Field(..., description="督办办公室")
    deadline: datetime.date = Field(..., description="办理期限")
    deadline_estimated: bool = Field(..., description="期限超出节假日日历，按周末推算")
    state: int = Field(..., description=f"状态：{legend(TaskState)}")
    state_label: str = Field(..., description="状态名称")
    is_overdue: bool = Field(..., description="是否逾期未反馈")
    opened_at: LocalDateTime = Field(..., description="督办时间")
    answered_at: LocalDateTime | None = Field(None, description="首次反馈时间")
    closed_at: LocalDateTime | None = Field(None, description="办结时间")

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class FeedbackOut(ApiSchema):
    id: int = Field(..., description="反馈 ID")
    text: str = Field(..., description="落实情况")
    original_name: str = Field(..., description="附件文件名；无附件为空")
    author: UserRef = Field(..., description="反馈人")
    created_at: LocalDateTime = Field(..., description="反馈时间")


class TaskDetailOut(TaskOut):
    feedback: list[FeedbackOut] = Field(..., description="反馈记录，时间先后排列")
    can_feedback: bool = Field(..., description="当前用户可否反馈（承办单位）")
    can_close: bool = Field(..., description="当前用户可否办结（督办办公室）")

    @staticmethod
    def resolve_feedback(obj) -> list:
        return list(obj.feedback.select_related("author"))

    @staticmethod
    def resolve_can_feedback(obj, context) -> bool:
        return policy.can(context["request"].auth, "task.feedback", obj)

    @staticmethod
    def resolve_can_close(obj, context) -> bool:
        return policy.can(context["request"].auth, "task.close", obj)


class TaskFilters(QuerySchema):
    status: TaskStatus = Field(
        "open", description="open=未办结；overdue=逾期未反馈；closed=已办结；all=全部"
    )


# --- solicitations and key points ----------------------------------------------------------


class SolicitationOut(ApiSchema):
    id: int = Field(..., description="约稿 ID")
    office: UnitRef = Field(..., description="约稿办公室")
    topic: str = Field(..., description="主题")
    requirements: str = Field(..., description="要求")
    deadline: LocalDateTime = Field(..., description="截止时间")
    units: list[UnitRef] = Field(..., description="约稿单位")
    created_by: UserRef = Field(..., description="发起人")
    created_at: LocalDateTime = Field(..., description="发起时间")

    @staticmethod
    def resolve_units(obj) -> list:
        return list(obj.units.order_by("path"))


class SolicitationIn(InputSchema):
    office: int = Field(..., description="约稿办公室 ID（本人任编辑的办公室）")
    topic: str = Field(..., max_length=200, description="主题")
    requirements: str = Field("", max_length=5000, description="要求")
    deadline: LocalDateTime = Field(..., description="截止时间，须晚于现在")
    unit_ids: list[int] = Field(..., description="约稿单位 ID（本办所属单位）")


class ResponseIn(InputSchema):
    item: int = Field(..., description="本单位已报送约稿办公室的信息 ID")


class ResponseOut(ApiSchema):
    id: int = Field(..., description="回应 ID")
    unit: UnitRef = Field(..., description="回应单位")
    item: ItemRef = Field(..., description="关联的信息")
    linked_by: UserRef = Field(..., description="关联人")
    linked_at: LocalDateTime = Field(..., description="回应时间")


class ResponseRowOut(ApiSchema):
    unit: UnitRef = Field(..., description="约稿单位")
    status: Literal[ON_TIME, LATE, MISSING] = Field(
        ..., description="；".join(f"{code}={label}" for code, label in STATUS_LABELS.items())
    )
    label: str = Field(..., description="状态名称")
    responses: list[ResponseOut] = Field(..., description="该单位关联的信息，按时间先后")


class KeyPointOut(ApiSchema):
    id: int = Field(..., description="报送要点 ID")
    office: UnitRef = Field(..., description="发布办公室")
    kind: str = Field(..., description=f"类别：{legend(KeyPointKind)}")
    kind_label: str = Field(..., description="类别名称")
    title: str = Field(..., description="要点")
    description: str = Field(..., description="说明")
    starts_on: datetime.date = Field(..., description="起始日期")
    ends_on: datetime.date = Field(..., description="截止日期")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class KeyPointIn(InputSchema):
    office: int = Field(..., description="发布办公室 ID（本人任编辑的办公室）")
    kind: KeyPointKindCode = Field(..., description=f"类别：{legend(KeyPointKind)}")
    title: str = Field(..., max_length=200, description="要点")
    description: str = Field("", max_length=5000, description="说明")
    starts_on: datetime.date = Field(..., description="起始日期，YYYY-MM-DD")
    ends_on: datetime.date = Field(..., description="截止日期，YYYY-MM-DD")


class UnitCount(ApiSchema):
    unit: str = Field(..., description="单位简称")
    count: int = Field(..., description="标注该要点的信息条数")


class KeyPointCountOut(ApiSchema):
    point: KeyPointOut = Field(..., description="报送要点")
    total: int = Field(..., description="标注该要点的信息总数")
    units: list[UnitCount] = Field(..., description="各单位条数，多者在前")

    @staticmethod
    def resolve_units(obj) -> list[dict]:
        return [{"unit": name, "count": count} for name, count in obj["units"]]


class KeyPointTagIn(InputSchema):
    key_point_ids: list[int] = Field(..., description="接收办公室发布的报送要点 ID；空列表为清除")
