"""Shapes of /api/units/{id} (categories per year, 条块 counterpart, a direct-report
point's county) and of external publications (省、国务院刊物)."""

from ninja import Field

from govdesk.api.schemas import (
    AdoptionKindCode,
    ApiSchema,
    InputSchema,
    UnitOut,
    UnitRef,
    codes,
    legend,
)
from govdesk.units.models import Level, UnitKind

LevelCode = codes(Level)
KindCode = codes(UnitKind)


class CategoryOut(ApiSchema):
    year: int = Field(..., description="考核年度")
    category: str = Field(..., description="考核类别，如 A、B、C")
    note: str = Field(..., description="说明")


class UnitDetailOut(UnitOut):
    counterpart: UnitRef | None = Field(
        None, description="对口上级部门（条块对应）：直报点的得分按方案同步计入"
    )
    county: UnitRef | None = Field(
        None, description="基层信息直报点所在县（市、区）政府办公室；其他单位为空"
    )
    categories: list[CategoryOut] = Field(..., description="各年度考核类别，新年度在前")

    @staticmethod
    def resolve_county(obj):
        point_county = getattr(obj, "scoring_county", None)
        return point_county.county if point_county else None

    @staticmethod
    def resolve_categories(obj):
        return list(obj.categories.order_by("-year"))


class CategoryIn(InputSchema):
    category: str = Field(
        ..., max_length=16, description="考核类别，如 A、B、C；留空为取消该年度的类别"
    )
    note: str = Field("", max_length=200, description="说明，如 县（市、区）A类")


class CounterpartIn(InputSchema):
    counterpart_id: int | None = Field(
        ..., description="对口上级部门的单位 ID（须为启用的部门）；null 为取消"
    )


class CountyIn(InputSchema):
    county_id: int | None = Field(
        ..., description="所在县（市、区）政府办公室的单位 ID；null 为取消"
    )


class ExternalPublicationIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=50, description="刊物名称，不含书名号")
    level: LevelCode = Field(..., description=f"刊物层级，须高于本系统最高层级：{legend(Level)}")
    code: str = Field("", max_length=30, description="代码（字母、数字、连字符）；留空自动生成")
    issuer: str = Field("", max_length=100, description="外部主办单位，如 国务院办公厅")
    description: str = Field("", max_length=200, description="说明")
    adoption_kinds: list[AdoptionKindCode] = Field(
        [], max_length=7, description="可用采用类型；为空表示不区分类型（一律“采用”）"
    )


class ExternalPublicationUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=50, description="刊物名称")
    level: LevelCode | None = Field(None, description=f"刊物层级：{legend(Level)}")
    code: str | None = Field(None, min_length=1, max_length=30, description="代码")
    issuer: str | None = Field(None, max_length=100, description="外部主办单位")
    description: str | None = Field(None, max_length=200, description="说明")
    adoption_kinds: list[AdoptionKindCode] | None = Field(
        None, max_length=7, description="可用采用类型"
    )
    is_active: bool | None = Field(None, description="是否启用")


class UnitIn(InputSchema):
    parent_id: int = Field(..., description="上级政府办公室的单位 ID（不得越级上报）")
    name: str = Field(..., min_length=1, max_length=100, description="单位名称")
    short_name: str = Field("", max_length=30, description="简称")
    kind: KindCode = Field(..., description=f"单位类型：{legend(UnitKind)}")
    level: LevelCode | None = Field(None, description=f"行政层级（仅政府办公室）：{legend(Level)}")


class UnitUpdateIn(InputSchema):
    parent_id: int | None = Field(None, description="改由该政府办公室管理（单位 ID）")
    name: str | None = Field(None, min_length=1, max_length=100, description="单位名称")
    short_name: str | None = Field(None, max_length=30, description="简称")
    kind: KindCode | None = Field(None, description=f"单位类型：{legend(UnitKind)}")
    level: LevelCode | None = Field(None, description=f"行政层级（仅政府办公室）：{legend(Level)}")
    is_active: bool | None = Field(None, description="false 停用单位")
