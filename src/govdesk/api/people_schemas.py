"""Shapes of /api/people: accounts and their roles, for administrators."""

from datetime import datetime

from ninja import Field

from govdesk.accounts.models import Role
from govdesk.api.schemas import ApiSchema, InputSchema, QuerySchema, UnitRef, codes, legend
from govdesk.units.models import Level

RoleCode = codes(Role)
LevelCode = codes(Level)


class MembershipOut(ApiSchema):
    id: int = Field(..., description="角色 ID")
    unit: UnitRef = Field(..., description="单位")
    role: str = Field(..., description=f"角色：{legend(Role)}")
    role_label: str = Field(..., description="角色名称")
    leader_level: int | None = Field(None, description="领导的层级（仅领导）")
    title: str = Field(..., description="职务")
    is_active: bool = Field(..., description="是否有效；撤销后保留为无效")

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()


class PersonOut(ApiSchema):
    id: int = Field(..., description="用户 ID")
    username: str = Field(..., description="登录名")
    full_name: str = Field(..., description="姓名")
    email: str = Field(..., description="邮箱")
    phone: str = Field(..., description="电话")
    is_active: bool = Field(..., description="账号是否启用")
    last_login: datetime | None = Field(None, description="最近登录时间；从未登录为空")
    memberships: list[MembershipOut] = Field(..., description="在本人管理的单位中的角色")

    @staticmethod
    def resolve_memberships(obj) -> list:
        return list(getattr(obj, "managed_roles", obj.memberships.all()))


class PeopleFilters(QuerySchema):
    q: str = Field("", max_length=50, description="姓名、登录名、拼音或首字母")


class MembershipIn(InputSchema):
    unit_id: int = Field(..., description="单位 ID（须为本人管理的单位）")
    role: RoleCode = Field(..., description=f"角色：{legend(Role)}")
    leader_level: LevelCode | None = Field(None, description=f"领导的层级：{legend(Level)}")
    title: str = Field("", max_length=50, description="职务，如 信息调研科科长")


class PersonIn(MembershipIn):
    username: str = Field(..., min_length=1, max_length=150, description="登录名")
    full_name: str = Field(..., min_length=1, max_length=50, description="姓名")
    email: str = Field(..., min_length=3, max_length=254, description="邮箱：初始密码发送到此")
    phone: str = Field("", max_length=30, description="电话")


class PersonUpdateIn(InputSchema):
    full_name: str | None = Field(None, min_length=1, max_length=50, description="姓名")
    email: str | None = Field(None, max_length=254, description="邮箱")
    phone: str | None = Field(None, max_length=30, description="电话")
    is_active: bool | None = Field(None, description="false 停用账号")
