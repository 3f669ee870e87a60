"""Shapes of the awards' writes under /api/awards: an editor's attestation, the chief
editor's overrides, the seed rules, the confirmation and its withdrawal."""

from datetime import datetime
from typing import Literal

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, UnitRef
from govdesk.awards.models import Attestation, Override
from govdesk.awards.presets import preset_names

NOTE_MAX = Attestation._meta.get_field("note").max_length
REASON_MAX = Override._meta.get_field("reason").max_length
REOPEN_REASON_MAX = 300  # the page's field; kept in the change log only


class SubjectIn(InputSchema):
    unit_id: int = Field(..., description="考核单位 ID（须为本方案考核的单位）")
    officer_id: int | None = Field(None, description="个人奖项的信息员用户 ID；单位奖项不填")


class AttestationIn(SubjectIn):
    criterion_id: int = Field(..., description="须编辑核实的条件 ID（见评选核对）")
    met: bool = Field(..., description="是否符合")
    note: str = Field(..., max_length=NOTE_MAX, description="核实说明：如何核实、依据什么材料")


class OverrideIn(SubjectIn):
    award_id: int = Field(..., description="奖项 ID")
    granted: bool = Field(..., description="true 授予，false 不授予")
    reason: str = Field(..., max_length=REASON_MAX, description="调整理由（必填，记入变更记录）")


class PresetIn(InputSchema):
    preset: Literal[tuple(preset_names())] = Field(
        ..., description=f"评先办法预设：{'、'.join(preset_names())}"
    )


class ReopenIn(InputSchema):
    reason: str = Field(
        ..., max_length=REOPEN_REASON_MAX, description="撤销确认的理由（必填，记入变更记录）"
    )


class AttestationOut(ApiSchema):
    id: int = Field(..., description="核实记录 ID")
    criterion_id: int = Field(..., description="条件 ID")
    criterion: str = Field(..., description="条件")
    unit: UnitRef = Field(..., description="单位")
    officer_id: int | None = Field(None, description="个人奖项的信息员用户 ID")
    met: bool = Field(..., description="是否符合")
    note: str = Field(..., description="核实说明")
    attested_by: str = Field(..., description="核实人")
    attested_at: datetime = Field(..., description="核实时间")

    @staticmethod
    def resolve_criterion(obj) -> str:
        return obj.criterion.label

    @staticmethod
    def resolve_attested_by(obj) -> str:
        return obj.attested_by.get_full_name()


class OverrideOut(ApiSchema):
    id: int = Field(..., description="调整记录 ID")
    award_id: int = Field(..., description="奖项 ID")
    award: str = Field(..., description="奖项")
    unit: UnitRef = Field(..., description="单位")
    officer_id: int | None = Field(None, description="个人奖项的信息员用户 ID")
    granted: bool = Field(..., description="是否授予")
    reason: str = Field(..., description="调整理由")
    decided_by: str = Field(..., description="决定人（主编）")
    decided_at: datetime = Field(..., description="决定时间")

    @staticmethod
    def resolve_award(obj) -> str:
        return obj.award.name

    @staticmethod
    def resolve_decided_by(obj) -> str:
        return obj.decided_by.get_full_name()


class InstalledOut(ApiSchema):
    id: int = Field(..., description="奖项 ID")
    code: str = Field(..., description="奖项代码")
    name: str = Field(..., description="奖项名称")
