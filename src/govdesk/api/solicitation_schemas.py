"""Request and response shapes for solicitations (约稿) and reporting key points
(报送要点) (``api.solicitations``); conventions as in ``schemas``."""

import datetime
from typing import Literal

from ninja import Field

from govdesk.api.schemas import (
    ApiSchema,
    InputSchema,
    ItemRef,
    LocalDateTime,
    UnitRef,
    UserRef,
    codes,
    legend,
)
from govdesk.solicitations.models import KeyPointKind
from govdesk.solicitations.selectors import LATE, MISSING, ON_TIME, STATUS_LABELS

KeyPointKindCode = codes(KeyPointKind)


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
