"""Request and response shapes, described in Chinese for the OpenAPI document.

Coded values (state, kind, urgency …) are sent as the model's codes; each response
carries the Chinese label beside the code (``state`` 30, ``state_label`` "已报送").
"""

import enum
import re
import types
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from django.db import models
from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError

from govdesk.api.queries import USER_REF_FIELDS, with_user_refs
from govdesk.audit.services import history_of
from govdesk.items.models import (
    Classification,
    ItemKind,
    PublicRelease,
    State,
    Urgency,
)
from govdesk.items.selectors import available_actions
from govdesk.items.workflow import TRANSITIONS
from govdesk.lib import clock
from govdesk.lib.text import BODY_MAX, CONTROL_MESSAGE, has_control_characters
from govdesk.publications.models import AdoptionKind
from govdesk.units.models import Level, UnitKind


def codes(choices: type[models.Choices]):
    """A type accepting exactly the codes of ``choices``, listed as an enum in OpenAPI.

    Integer codes become an ``IntEnum`` so that query strings ("30") are accepted.
    """
    if issubclass(choices, models.IntegerChoices):
        return enum.IntEnum(f"{choices.__name__}Code", {f"v{v}": v for v in choices.values})
    return Literal[tuple(choices.values)]


def legend(choices: type[models.Choices]) -> str:
    return "；".join(f"{value}={label}" for value, label in choices.choices)


# Times are given in the deployment's zone (Asia/Shanghai), e.g. 2026-06-03T09:30:00+08:00.
LocalDateTime = Annotated[datetime, AfterValidator(timezone.localtime)]

StateCode = codes(State)
KindCode = codes(ItemKind)
UrgencyCode = codes(Urgency)
ClassificationCode = codes(Classification)
ReleaseCode = codes(PublicRelease)
AdoptionKindCode = codes(AdoptionKind)
ACTIONS = ("submit", "withdraw", "sign_off", "reviewer_return", "return", "reject", "reopen")
ActionName = Literal[ACTIONS]
ACTION_LEGEND = "；".join(f"{a}={TRANSITIONS[a].label}" for a in ACTIONS)


def _title(name: str, info) -> str:
    """Field titles in Chinese: the description up to its first colon or comma."""
    return re.split("[：，（；]", info.description or name)[0]


class ApiSchema(Schema):
    model_config = ConfigDict(field_title_generator=_title)


# Ids and counts are 64-bit in the database (SQLite INTEGER, PostgreSQL bigint).
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1
DbInt = Annotated[int, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]


def db_ints(annotation):
    """``annotation`` with every bare ``int`` in it (also in ``list[int] | None``) bounded."""
    if annotation is int:
        return DbInt
    args = get_args(annotation)
    origin = get_origin(annotation)
    if not args or origin is Annotated or origin is Literal:
        return annotation
    bounded = tuple(db_ints(a) for a in args)
    if bounded == args:
        return annotation
    return Union[bounded] if origin in (Union, types.UnionType) else origin[bounded]  # noqa: UP007


def _plain_text(value):
    """The forms' control-character check, for every text a client sends."""
    texts = value if isinstance(value, list) else [value]
    if any(isinstance(t, str) and has_control_characters(t) for t in texts):
        raise PydanticCustomError("control_characters", CONTROL_MESSAGE)
    return value


def bounded_text(max_length: int):
    """A text parameter outside a schema (a form field): the same limits as inside one."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_plain_text)]


def _is_text(annotation) -> bool:
    """``str`` or ``str | None`` (a list of texts bounds its items in its own annotation)."""
    return annotation is str or (
        get_origin(annotation) in (Union, types.UnionType) and str in get_args(annotation)
    )


class QuerySchema(ApiSchema):
    """What a client sends (query strings and bodies): every text field must carry a
    ``max_length`` and is refused with control characters; every integer is bounded
    to the database's range, so a 30-digit id is a 422 rather than a 500."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs):
        super().__pydantic_init_subclass__(**kwargs)
        for name, field in cls.model_fields.items():
            field.annotation = db_ints(field.annotation)
            if _is_text(field.annotation) and not any(
                getattr(m, "max_length", None) for m in field.metadata
            ):
                raise TypeError(f"{cls.__name__}.{name}: text input needs a max_length")
            field.metadata.append(AfterValidator(_plain_text))
        cls.model_rebuild(force=True)


class InputSchema(QuerySchema):
    """Unknown fields are refused, so a misspelt field is an error rather than lost."""

    model_config = ConfigDict(extra="forbid", field_title_generator=_title)


# --- references ------------------------------------------------------------------


class UnitRef(ApiSchema):
    id: int = Field(..., description="单位 ID")
    name: str = Field(..., description="单位名称")


class UserRef(ApiSchema):
    id: int = Field(..., description="用户 ID")
    username: str = Field(..., description="登录名")
    full_name: str = Field(..., description="姓名")

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.get_full_name()


class Choice(ApiSchema):
    value: str = Field(..., description="代码")
    label: str = Field(..., description="名称")


# --- units and publications --------------------------------------------------------


class UnitOut(ApiSchema):
    id: int = Field(..., description="单位 ID")
    name: str = Field(..., description="单位名称")
    short_name: str = Field(..., description="简称")
    kind: str = Field(..., description=f"单位类型：{legend(UnitKind)}")
    kind_label: str = Field(..., description="单位类型名称")
    level: int | None = Field(None, description="行政层级（仅政府办公室）")
    parent_id: int | None = Field(None, description="上级办公室 ID；顶级办公室为空")
    is_office: bool = Field(..., description="是否为政府办公室")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_parent_id(obj) -> int | None:
        if hasattr(obj, "parent_pk"):  # annotated by queries.with_parent_ids
            return obj.parent_pk
        parent = type(obj).objects.get_parent(obj)
        return parent.pk if parent else None


class ColumnOut(ApiSchema):
    id: int = Field(..., description="栏目 ID")
    name: str = Field(..., description="栏目名称")
    adoption_kinds: list[Choice] = Field(..., description="该栏目可用的采用类型")

    @staticmethod
    def resolve_adoption_kinds(obj) -> list[dict]:
        return [{"value": v, "label": label} for v, label in obj.kind_choices()]


class PublicationOut(ApiSchema):
    id: int = Field(..., description="刊物 ID")
    name: str = Field(..., description="刊物名称（不含书名号）")
    code: str = Field(..., description="刊物代码")
    description: str = Field(..., description="说明")
    office: UnitRef | None = Field(..., description="主办办公室；本系统以外的上级刊物为空")
    level: int = Field(..., description=f"刊物层级，采用按此层级计分：{legend(Level)}")
    level_label: str = Field(..., description="刊物层级名称")
    issuer: str = Field(..., description="外部主办单位，如 省政府办公厅（仅外部刊物）")
    is_external: bool = Field(..., description="是否为本系统以外的上级刊物（省、国务院）")
    adoption_kinds: list[Choice] = Field(
        ..., description="刊物可用的采用类型（无栏目时适用；栏目可另行规定）"
    )
    columns: list[ColumnOut] = Field(..., description="启用的栏目；为空表示刊物不分栏目")

    @staticmethod
    def resolve_level(obj) -> int:
        return obj.effective_level

    @staticmethod
    def resolve_level_label(obj) -> str:
        return Level(obj.effective_level).label

    @staticmethod
    def resolve_adoption_kinds(obj) -> list[dict]:
        return [{"value": v, "label": label} for v, label in obj.kind_choices()]

    @staticmethod
    def resolve_columns(obj) -> list:
        return [c for c in obj.columns.all() if c.is_active]


# --- items ---------------------------------------------------------------------------


class ItemFilters(QuerySchema):
    unit: int | None = Field(None, description="报送单位 ID")
    office: int | None = Field(None, description="接收办公室 ID")
    kind: KindCode | None = Field(None, description=f"信息类型：{legend(ItemKind)}")
    urgency: UrgencyCode | None = Field(None, description=f"时效级别：{legend(Urgency)}")
    state: StateCode | None = Field(None, description=f"状态：{legend(State)}")
    date_from: date | None = Field(None, description="最近报送日期起（含），YYYY-MM-DD")
    date_to: date | None = Field(None, description="最近报送日期止（含），YYYY-MM-DD")
    q: str | None = Field(None, max_length=100, description="关键词：标题、报送单位或执笔人")


class ItemOut(ApiSchema):
    id: int = Field(..., description="信息 ID")
    title: str = Field(..., description="标题")
    unit: UnitRef = Field(..., description="报送单位")
    office: UnitRef = Field(..., description="接收办公室（报送单位的直接上级）")
    kind: str = Field(..., description=f"信息类型：{legend(ItemKind)}")
    kind_label: str = Field(..., description="信息类型名称")
    urgency: int = Field(..., description=f"时效级别：{legend(Urgency)}")
    urgency_label: str = Field(..., description="时效级别名称")
    state: int = Field(..., description=f"状态：{legend(State)}")
    state_label: str = Field(..., description="状态名称")
    classification: str = Field(..., description=f"密级：{legend(Classification)}")
    public_release: str = Field(..., description=f"公开属性：{legend(PublicRelease)}")
    topics: str = Field(..., description="主题词")
    writer: str = Field(..., description="执笔人")
    contact_phone: str = Field(..., description="联系电话")
    created_by: UserRef = Field(..., description="起草人")
    reviewer: UserRef | None = Field(None, description="审核签发人")
    submission_count: int = Field(..., description="报送次数（含重新报送）")
    return_reason: str = Field(..., description="最近一次退回原因")
    reject_reason: str = Field(..., description="不予采用原因（可为空；撤销不予采用后清空）")
    forwarded_from_id: int | None = Field(None, description="转报自（下级单位原信息 ID）")
    revision: int = Field(..., description="修订号；修改时须原样提交，用于防止覆盖他人修改")
    is_overdue: bool = Field(..., description="是否已超过办理时限")
    created_at: LocalDateTime = Field(..., description="创建时间")
    updated_at: LocalDateTime = Field(..., description="更新时间")
    signed_off_at: LocalDateTime | None = Field(None, description="签发时间")
    submitted_at: LocalDateTime | None = Field(None, description="首次报送时间")
    last_submitted_at: LocalDateTime | None = Field(None, description="最近报送时间")
    due_at: LocalDateTime | None = Field(None, description="办理时限")
    decided_at: LocalDateTime | None = Field(None, description="处理（采用/退回/不予采用）时间")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_urgency_label(obj) -> str:
        return obj.get_urgency_display()

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class ItemRef(ApiSchema):
    id: int = Field(..., description="信息 ID")
    title: str = Field(..., description="标题")
    unit: UnitRef = Field(..., description="报送单位")


class AdoptionOut(ApiSchema):
    id: int = Field(..., description="采用记录 ID")
    item: ItemRef = Field(..., description="被采用的信息")
    publication: UnitRef = Field(..., description="刊物（id、name）")
    column: UnitRef | None = Field(None, description="栏目（id、name）；刊物不分栏目时为空")
    kind: str = Field(..., description=f"采用类型：{legend(AdoptionKind)}")
    kind_label: str = Field(..., description="采用类型名称")
    adopted_by: UserRef = Field(..., description="采用人")
    adopted_at: LocalDateTime = Field(..., description="采用时间")
    note: str = Field(..., description="备注")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class AttachmentOut(ApiSchema):
    id: int = Field(..., description="附件 ID")
    original_name: str = Field(..., description="文件名")
    kind: str = Field(..., description="类型：image=图片；video=视频；audio=音频；document=文档")
    mime: str = Field(..., description="MIME 类型（按内容识别）")
    size: int = Field(..., description="大小（字节）")
    sha256: str = Field(..., description="SHA-256 校验值")
    uploaded_by: UserRef = Field(..., description="上传人")
    uploaded_at: LocalDateTime = Field(..., description="上传时间")


class VersionOut(ApiSchema):
    number: int = Field(..., description="版本号")
    title: str = Field(..., description="标题")
    body: str = Field(..., description="正文")
    author: UserRef = Field(..., description="修改人")
    note: str = Field(..., description="说明")
    created_at: LocalDateTime = Field(..., description="时间")


class ChangeOut(ApiSchema):
    at: LocalDateTime = Field(..., description="时间")
    actor: UserRef | None = Field(None, description="操作人；系统操作为空")
    action: str = Field(..., description="操作代码，如 item.submit")
    summary: str = Field(..., description="摘要")
    details: dict[str, Any] = Field(..., description="详情：原状态、新状态、原因、修改前后等")


class ActionOut(ApiSchema):
    action: str = Field(..., description="操作代码")
    label: str = Field(..., description="操作名称")
    needs_reason: bool = Field(..., description="是否须填写原因")


class ItemDetailOut(ItemOut):
    body: str = Field(..., description="正文")
    authors: list[UserRef] = Field(..., description="作者")
    editing_by: UserRef | None = Field(None, description="正在编辑该信息的人（如有）")
    adoptions: list[AdoptionOut] = Field(..., description="采用记录")
    attachments: list[AttachmentOut] = Field(..., description="附件")
    versions: list[VersionOut] = Field(..., description="报送后的各版本正文")
    history: list[ChangeOut] = Field(..., description="操作记录，时间先后排列")
    actions: list[ActionOut] = Field(..., description="当前用户此刻可执行的操作")

    @staticmethod
    def resolve_authors(obj) -> list:
        return list(obj.authors.only(*USER_REF_FIELDS).order_by("pk"))

    @staticmethod
    def resolve_editing_by(obj):
        if obj.locked_by_id and obj.locked_until and obj.locked_until > clock.now():
            return obj.locked_by
        return None

    @staticmethod
    def resolve_adoptions(obj) -> list:
        if not getattr(obj, "has_adoptions", True):
            return []
        # Each adoption's ``item`` is ``obj`` already (the related manager sets it), unit
        # included: joining the item again would only cost the ORM its columns.
        return list(
            with_user_refs(obj.adoptions.all(), "adopted_by").select_related(
                "publication", "column"
            )
        )

    @staticmethod
    def resolve_attachments(obj) -> list:
        if not getattr(obj, "has_attachments", True):
            return []
        return list(with_user_refs(obj.attachments.all(), "uploaded_by"))

    @staticmethod
    def resolve_versions(obj) -> list:
        if not getattr(obj, "has_versions", True):
            return []
        return list(with_user_refs(obj.versions.all(), "author"))

    @staticmethod
    def resolve_history(obj) -> list:
        return list(with_user_refs(history_of(obj), "actor"))

    @staticmethod
    def resolve_actions(obj, context) -> list[dict]:
        return [
            {"action": t.action, "label": t.label, "needs_reason": t.needs_reason}
            for t in available_actions(obj, context["request"].auth)
        ]


class ItemFieldsIn(InputSchema):
    """Fields shared by create and update; on update, only the fields sent are changed."""

    title: str = Field(None, max_length=200, description="标题（一事一报）")
    body: str = Field(None, max_length=BODY_MAX, description="正文（正文形式，要素齐全）")
    kind: KindCode = Field(None, description=f"信息类型：{legend(ItemKind)}")
    urgency: UrgencyCode = Field(None, description=f"时效级别：{legend(Urgency)}")
    classification: ClassificationCode = Field(
        None, description="密级：只能为 public（非涉密），涉密信息不上网"
    )
    public_release: ReleaseCode = Field(None, description=f"公开属性：{legend(PublicRelease)}")
    topics: str = Field(None, max_length=200, description="主题词，多个用空格分隔")


class ItemCreateIn(ItemFieldsIn):
    unit: int = Field(..., description="报送单位 ID（须为本人可代为报送的单位）")
    title: str = Field(..., max_length=200, description="标题（一事一报）")
    writer: str = Field(None, max_length=50, description="执笔人")
    contact_phone: str = Field(None, max_length=30, description="联系电话")
    author_ids: list[int] = Field(None, description="作者（本单位人员的用户 ID）；缺省为本人")


class ItemUpdateIn(ItemFieldsIn):
    """No credit fields: an edit changes the text, never who is credited with it."""

    revision: int = Field(..., description="读取时的修订号；信息已被他人修改时返回 409")
    note: str = Field("", max_length=200, description="修改说明，记入版本历史")


class CreditIn(InputSchema):
    writer: str = Field(..., max_length=50, description="执笔人")
    contact_phone: str = Field(..., max_length=30, description="联系电话")
    author_ids: list[int] = Field(..., description="作者（本单位人员的用户 ID），至少一位")
    reason: str = Field("", max_length=200, description="更改原因，记入操作记录")


class ReasonIn(InputSchema):
    reason: str = Field(
        "", max_length=2000, description="原因；退回修改时必填，不予采用、撤销不予采用时可填"
    )


class AdoptIn(InputSchema):
    publication: int = Field(..., description="刊物 ID")
    column: int | None = Field(None, description="栏目 ID；刊物有栏目时必填")
    kind: AdoptionKindCode = Field(..., description=f"采用类型：{legend(AdoptionKind)}")
    note: str = Field("", max_length=200, description="备注")


class ForwardIn(InputSchema):
    note: str = Field("", max_length=200, description="转报说明")


class PublicationFilters(QuerySchema):
    office: int | None = Field(None, description="只列出该办公室的刊物（办公室 ID）")
    level: codes(Level) | None = Field(None, description=f"只列出该层级的刊物：{legend(Level)}")


class AdoptionFilters(QuerySchema):
    publication: int | None = Field(None, description="刊物 ID")
    unit: int | None = Field(None, description="报送单位 ID")
    date_from: date | None = Field(None, description="采用日期起（含），YYYY-MM-DD")
    date_to: date | None = Field(None, description="采用日期止（含），YYYY-MM-DD")


class UnitFilters(QuerySchema):
    q: str = Field("", max_length=50, description="单位名称、拼音或首字母，如 城关、chengguan、cgz")
