"""Shapes of a publication's settings (刊物与栏目、刊物设置) under /api/publications:
its name and description, its columns, and its default distribution."""

from typing import Literal

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, UnitRef, UserRef


class SettingsColumnOut(ApiSchema):
    id: int = Field(..., description="栏目 ID")
    name: str = Field(..., description="栏目名称")
    sort_order: int = Field(..., description="排序（10、20……）")
    is_active: bool = Field(..., description="是否启用；停用后采用时不再出现，已有的采用和计分不变")


class PublicationSettingsOut(ApiSchema):
    id: int = Field(..., description="刊物 ID")
    name: str = Field(..., description="刊物名称（不含书名号）")
    description: str = Field(..., description="说明")
    office: UnitRef = Field(..., description="主办办公室")
    columns: list[SettingsColumnOut] = Field(..., description="全部栏目（含停用的），按顺序")
    default_send_users: list[UserRef] = Field(..., description="默认报送领导")
    default_send_units: list[UnitRef] = Field(..., description="默认报送单位")
    default_copy_units: list[UnitRef] = Field(..., description="默认抄送单位")

    @staticmethod
    def resolve_columns(obj) -> list:
        return list(obj.columns.order_by("sort_order", "id"))

    @staticmethod
    def resolve_default_send_users(obj) -> list:
        return list(obj.default_send_users.order_by("username"))

    @staticmethod
    def resolve_default_send_units(obj) -> list:
        return list(obj.default_send_units.order_by("path"))

    @staticmethod
    def resolve_default_copy_units(obj) -> list:
        return list(obj.default_copy_units.order_by("path"))


class PublicationRenameIn(InputSchema):
    name: str = Field(..., max_length=60, description="刊物名称，不含书名号，最多 50 字")
    description: str = Field("", max_length=300, description="说明，最多 200 字")


class ColumnIn(InputSchema):
    name: str = Field(..., max_length=60, description="栏目名称，最多 50 字；新栏目排在最后")


class ColumnUpdateIn(InputSchema):
    name: str | None = Field(None, max_length=60, description="新名称，最多 50 字")
    is_active: bool | None = Field(None, description="false 停用，true 恢复启用")


class ColumnMoveIn(InputSchema):
    direction: Literal["up", "down"] = Field(..., description="up 上移一位，down 下移一位")
