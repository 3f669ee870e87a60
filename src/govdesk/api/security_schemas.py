"""Shapes of the 三员分立 duties under /api/security and /api/audit: the security
administrator's unlock and device reset, the audit administrator's change log."""

from datetime import date, datetime
from typing import Literal

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, QuerySchema, UserRef
from govdesk.audit.actions import ACTION_GROUPS, action_label

ActionGroup = Literal[tuple(code for code, _ in ACTION_GROUPS)]
GROUP_LEGEND = "；".join(f"{code}={label}" for code, label in ACTION_GROUPS)


class LockedOut(ApiSchema):
    username: str = Field(..., description="因连续登录失败而锁定的用户名")


class UnlockIn(InputSchema):
    username: str = Field(..., min_length=1, max_length=150, description="要解除锁定的用户名")


class UnlockedOut(ApiSchema):
    username: str = Field(..., description="用户名")
    attempts_cleared: int = Field(..., description="清除的失败记录条数")


class SecuredPersonOut(UserRef):
    has_device: bool = Field(..., description="是否已绑定动态口令设备")


class SecuredFilters(QuerySchema):
    q: str = Field("", max_length=50, description="登录名或姓名（部分匹配）")


class OtpResetOut(ApiSchema):
    person: UserRef = Field(..., description="人员")
    devices_removed: int = Field(..., description="删除的动态口令设备数；其下次登录时重新绑定")


class ChangeFilters(QuerySchema):
    actor: str = Field("", max_length=150, description="操作人的登录名或姓名（完全一致）")
    action: ActionGroup | None = Field(None, description=f"操作类别：{GROUP_LEGEND}")
    since: date | None = Field(None, description="起始日期（含），YYYY-MM-DD")
    until: date | None = Field(None, description="截止日期（含），YYYY-MM-DD")


class LogEntryOut(ApiSchema):
    id: int = Field(..., description="记录 ID")
    at: datetime = Field(..., description="时间")
    actor: UserRef | None = Field(None, description="操作人；未登录或系统为空")
    action: str = Field(..., description="操作代码")
    action_label: str = Field(..., description="操作类别")
    summary: str = Field(..., description="摘要")
    target_type: str | None = Field(None, description="对象类型，如 items.item")
    target_id: int | None = Field(None, description="对象编号")
    ip: str = Field(..., description="来源 IP（登录等记录）")

    @staticmethod
    def resolve_action_label(obj) -> str:
        return action_label(obj.action)

    @staticmethod
    def resolve_target_type(obj) -> str | None:
        return f"{obj.target_type.app_label}.{obj.target_type.model}" if obj.target_type else None

    @staticmethod
    def resolve_ip(obj) -> str:
        return str(obj.details.get("ip", "")) if isinstance(obj.details, dict) else ""
