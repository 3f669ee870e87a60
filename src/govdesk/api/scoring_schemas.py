"""Request and response shapes for assessment schemes (考核方案), their rules and
targets, rankings and ledger lines; conventions as in ``schemas``. Points are numbers
with at most one decimal place."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field

from govdesk import policy
from govdesk.api.schemas import ApiSchema, InputSchema, QuerySchema, UnitRef, codes, legend
from govdesk.scoring.models import (
    Combination,
    CombinedCredit,
    PenaltyKind,
    RuleKind,
    SchemeStatus,
)
from govdesk.units.models import Level, UnitKind

CombinationCode = codes(Combination)
CombinedCreditCode = codes(CombinedCredit)
SchemeStatusCode = codes(SchemeStatus)
RuleKindCode = codes(RuleKind)
PenaltyKindCode = Literal[("", *PenaltyKind.values)]
UnitKindCode = Literal[("", *UnitKind.values)]
LevelCode = codes(Level)


# Digits and decimal places are the model's to check (its Chinese messages).
DECIMAL = {"format": "decimal"}  # sent as a string such as "2.5"
Points = Annotated[Decimal, Field(allow_inf_nan=False, json_schema_extra=DECIMAL)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False, json_schema_extra=DECIMAL)]
PublicationName = Annotated[str, Field(max_length=50)]

# --- descriptions shared by input and output -----------------------------------------

D = {
    "name": "方案名称",
    "year": "考核年度",
    "combination": f"多级采用计分方式：{legend(Combination)}",
    "propagate_direct_reports": "直报点得分是否同时计入其所在县和对口上级部门",
    "quarter_shares": "季度目标分解：四个季度各占年度目标的百分比，合计100，如 [25, 25, 25, 25]；"
    "空列表表示不分季度考核",
    "rank_by_category": "是否按考核类别分组排名（否则只按单位类型分组）",
    "mandatory_publications": "必采刊物：每个单位全年须至少被其中一种刊物采用1条",
    "combined_credit": f"综合信息计分：{legend(CombinedCredit)}",
    "weekly_min_items": "每周基础分报送条数：一周内报送不少于此数的单位得“每周报送基础分”",
    "missed_solicitations_limit": "未完成约稿清零次数：全年未按时完成约稿达到此数的单位得分清零；"
    "0 表示不适用",
    "quota_items_per_officer": "每名信息员全年报送条数；0 表示不考核",
    "quota_adoption_rate": "采用率下限（%）；空表示不考核",
    "quota_portal_per_month": "每月主动公开信息条数；0 表示不考核",
    "source": "依据（文件名称、条款）",
}
R = {
    "kind": f"规则类型：{legend(RuleKind)}",
    "level": f"层级：采用刊物、批示领导或接收转报办公室的层级，{legend(Level)}；空表示任意",
    "publication": "刊物名称（不含书名号）；空表示任意",
    "column": "栏目名称；空表示任意",
    "adoption_kind": "采用类型代码（如 comprehensive、brief、special）；空表示任意",
    "penalty_kind": f"失误类型（仅报送失误扣分规则）：{legend(PenaltyKind)}；空表示任意",
    "serious_only": "仅限造成重大影响的（仅报送失误扣分规则）",
    "points": "分值（扣分为负数），最多一位小数",
    "label": "规则说明，显示在计分明细中",
    "source": "依据（文件名称、条款）",
}
T = {
    "unit_kind": f"单位类型：{legend(UnitKind)}；空表示全部",
    "category": "考核类别（如 A、B）；空表示全部",
    "points": "全年目标分值",
    "source": "依据（文件名称、条款）",
}


# --- schemes ---------------------------------------------------------------------------


class RuleOut(ApiSchema):
    id: int = Field(..., description="规则 ID")
    kind: str = Field(..., description=R["kind"])
    kind_label: str = Field(..., description="规则类型名称")
    level: int | None = Field(None, description=R["level"])
    publication: str = Field(..., description=R["publication"])
    column: str = Field(..., description=R["column"])
    adoption_kind: str = Field(..., description=R["adoption_kind"])
    penalty_kind: str = Field(..., description=R["penalty_kind"])
    serious_only: bool = Field(..., description=R["serious_only"])
    points: float = Field(..., description=R["points"])
    label: str = Field(..., description=R["label"])
    source: str = Field(..., description=R["source"])

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class TargetOut(ApiSchema):
    id: int = Field(..., description="考核目标 ID")
    unit_kind: str = Field(..., description=T["unit_kind"])
    category: str = Field(..., description=T["category"])
    points: float = Field(..., description=T["points"])
    source: str = Field(..., description=T["source"])
    label: str = Field(..., description="目标说明，如 乡镇 A：700.0分")

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


class SchemeOut(ApiSchema):
    id: int = Field(..., description="方案 ID")
    office: UnitRef = Field(..., description="考核单位（政府办公室）")
    year: int = Field(..., description=D["year"])
    name: str = Field(..., description=D["name"])
    status: str = Field(..., description=f"状态：{legend(SchemeStatus)}")
    status_label: str = Field(..., description="状态名称")
    combination: str = Field(..., description=D["combination"])
    propagate_direct_reports: bool = Field(..., description=D["propagate_direct_reports"])
    quarter_shares: list[float] = Field(..., description=D["quarter_shares"])
    rank_by_category: bool = Field(..., description=D["rank_by_category"])
    mandatory_publications: list[str] = Field(..., description=D["mandatory_publications"])
    combined_credit: str = Field(..., description=D["combined_credit"])
    weekly_min_items: int = Field(..., description=D["weekly_min_items"])
    missed_solicitations_limit: int = Field(..., description=D["missed_solicitations_limit"])
    quota_items_per_officer: int = Field(..., description=D["quota_items_per_officer"])
    quota_adoption_rate: float | None = Field(None, description=D["quota_adoption_rate"])
    quota_portal_per_month: int = Field(..., description=D["quota_portal_per_month"])
    source: str = Field(..., description=D["source"])
    can_manage: bool = Field(..., description="当前用户可否修改本方案（本办主编、管理员）")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_can_manage(obj, context) -> bool:
        return policy.can(context["request"].auth, "scheme.manage", obj)


class SchemeDetailOut(SchemeOut):
    rules: list[RuleOut] = Field(..., description="计分规则")
    targets: list[TargetOut] = Field(..., description="考核目标")

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_targets(obj) -> list:
        return list(obj.targets.all())


class SchemeFilters(QuerySchema):
    year: int | None = Field(None, description="只列出该年度的方案")
    office: int | None = Field(None, description="只列出该办公室的方案（办公室 ID）")


class SchemeSettingsIn(InputSchema):
    """Every setting optional: PATCH changes only the fields sent."""

    name: str | None = Field(None, min_length=1, max_length=100, description=D["name"])
    year: int | None = Field(None, ge=2000, le=2100, description=D["year"])
    combination: CombinationCode | None = Field(None, description=D["combination"])
    propagate_direct_reports: bool | None = Field(None, description=D["propagate_direct_reports"])
    quarter_shares: list[Percent] | None = Field(None, description=D["quarter_shares"])
    rank_by_category: bool | None = Field(None, description=D["rank_by_category"])
    mandatory_publications: list[PublicationName] | None = Field(
        None, max_length=50, description=D["mandatory_publications"]
    )
    combined_credit: CombinedCreditCode | None = Field(None, description=D["combined_credit"])
    weekly_min_items: int | None = Field(None, ge=0, le=100, description=D["weekly_min_items"])
    missed_solicitations_limit: int | None = Field(
        None, ge=0, le=1000, description=D["missed_solicitations_limit"]
    )
    quota_items_per_officer: int | None = Field(
        None, ge=0, le=10000, description=D["quota_items_per_officer"]
    )
    quota_adoption_rate: Percent | None = Field(None, description=D["quota_adoption_rate"])
    quota_portal_per_month: int | None = Field(
        None, ge=0, le=1000, description=D["quota_portal_per_month"]
    )
    source: str | None = Field(None, max_length=300, description=D["source"])


class SchemeCreateIn(SchemeSettingsIn):
    office: int = Field(..., description="考核单位：本办公室 ID")
    year: int = Field(..., ge=2000, le=2100, description=D["year"])
    preset: str = Field(
        "",
        max_length=30,
        description="预设方案代码（见“预设方案”接口，如 county、city）：复制其设置、规则和目标；"
        "空表示空白方案（须填写名称）",
    )
    status: SchemeStatusCode = Field(
        SchemeStatus.DRAFT.value,
        description="建立后的状态，默认草稿；同一办公室同一年度只能有一个执行中的方案",
    )


class StatusIn(InputSchema):
    status: SchemeStatusCode = Field(..., description=f"新状态：{legend(SchemeStatus)}")


class RebuildIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=200, description="重算原因，记入操作日志")


class RebuildOut(ApiSchema):
    lines: int = Field(..., description="重算后的计分明细条数")


class PresetOut(ApiSchema):
    code: str = Field(..., description="预设代码")
    label: str = Field(..., description="预设名称")
    name: str = Field(..., description="方案名称")
    rules: int = Field(..., description="规则条数")
    targets: int = Field(..., description="考核目标条数")
    source: str = Field(..., description="依据")


# --- rules and targets -------------------------------------------------------------------


class RuleIn(InputSchema):
    kind: RuleKindCode = Field(..., description=R["kind"])
    level: LevelCode | None = Field(None, description=R["level"])
    publication: str = Field("", max_length=50, description=R["publication"])
    column: str = Field("", max_length=50, description=R["column"])
    adoption_kind: str = Field("", max_length=16, description=R["adoption_kind"])
    penalty_kind: PenaltyKindCode = Field("", description=R["penalty_kind"])
    serious_only: bool = Field(False, description=R["serious_only"])
    points: Points = Field(..., description=R["points"])
    label: str = Field(..., min_length=1, max_length=100, description=R["label"])
    source: str = Field("", max_length=300, description=R["source"])


class RulePatchIn(InputSchema):
    kind: RuleKindCode | None = Field(None, description=R["kind"])
    level: LevelCode | None = Field(None, description=R["level"] + "；传 null 清空")
    publication: str | None = Field(None, max_length=50, description=R["publication"])
    column: str | None = Field(None, max_length=50, description=R["column"])
    adoption_kind: str | None = Field(None, max_length=16, description=R["adoption_kind"])
    penalty_kind: PenaltyKindCode | None = Field(None, description=R["penalty_kind"])
    serious_only: bool | None = Field(None, description=R["serious_only"])
    points: Points | None = Field(None, description=R["points"])
    label: str | None = Field(None, min_length=1, max_length=100, description=R["label"])
    source: str | None = Field(None, max_length=300, description=R["source"])


class TargetIn(InputSchema):
    unit_kind: UnitKindCode = Field("", description=T["unit_kind"])
    category: str = Field("", max_length=16, description=T["category"])
    points: Points = Field(..., description=T["points"])
    source: str = Field("", max_length=300, description=T["source"])


class TargetPatchIn(InputSchema):
    unit_kind: UnitKindCode | None = Field(None, description=T["unit_kind"])
    category: str | None = Field(None, max_length=16, description=T["category"])
    points: Points | None = Field(None, description=T["points"])
    source: str | None = Field(None, max_length=300, description=T["source"])


# --- periods, rankings, ledger lines -----------------------------------------------------


class PeriodQuery(QuerySchema):
    """One of: month, quarter, half, period=year, or start and end. By default the
    current month of the scheme's year (December for a past year)."""

    month: int | None = Field(None, ge=1, le=12, description="月份（1–12）")
    quarter: int | None = Field(None, ge=1, le=4, description="季度（1–4）")
    half: int | None = Field(None, ge=1, le=2, description="半年：1=上半年；2=下半年")
    period: Literal["year"] | None = Field(None, description="year=全年")
    start: datetime.date | None = Field(None, description="起始日期（与 end 同用），限本年度内")
    end: datetime.date | None = Field(None, description="截止日期（含当日），限本年度内")


class PeriodOut(ApiSchema):
    kind: str = Field(..., description="时段类型：month、quarter、half、year、range")
    label: str = Field(..., description="时段名称，如 2026年3月")
    start: datetime.date = Field(..., description="起始日期")
    end: datetime.date = Field(..., description="截止日期（含当日）")


class RankingRowOut(ApiSchema):
    unit: UnitRef = Field(..., description="被考核单位")
    group: str = Field(..., description="排名分组（单位类型，按类别排名时含类别）")
    category: str = Field(..., description="考核类别")
    rank: int = Field(..., description="本时段组内名次")
    previous_rank: int | None = Field(None, description="上一时段组内名次")
    rank_change: int | None = Field(None, description="名次变化（正数为上升）")
    score: float = Field(..., description="本时段得分")
    cumulative: float = Field(..., description="年初至本时段末累计得分")
    target: float | None = Field(None, description="全年目标分值")
    completion: float | None = Field(None, description="目标完成率（%）")
    submitted: int = Field(..., description="本时段报送条数")
    adopted: int = Field(..., description="本时段被采用条数")
    adoption_rate: float | None = Field(None, description="采用率（%）")
    adopted_by_level: dict[int, int] = Field(..., description="按采用层级的采用条数")
    annotations: int = Field(..., description="本时段领导批示次数")
    quarter_missed: bool = Field(..., description="是否有未完成季度目标的扣分")
    mandatory_met: bool | None = Field(None, description="必采刊物是否已完成；空表示不考核")
    quota_misses: list[str] = Field(..., description="未达标的数量考核项")


class RankingOut(ApiSchema):
    scheme: int = Field(..., description="方案 ID")
    period: PeriodOut = Field(..., description="时段")
    rows: list[RankingRowOut] = Field(..., description="各单位，按分组和名次排列")


class LineOut(ApiSchema):
    id: int = Field(..., description="计分明细 ID")
    on: datetime.date = Field(..., description="计分日期")
    points: float = Field(..., description="分值")
    cause: str = Field(..., description="计分事由")
    note: str = Field(..., description="说明")
    rule: int = Field(..., description="规则 ID")
    rule_label: str = Field(..., description="规则说明")
    item: int | None = Field(None, description="信息 ID")
    item_title: str = Field("", description="信息标题")
    level: int | None = Field(None, description=f"层级：{legend(Level)}")
    propagated_from: UnitRef | None = Field(None, description="来自直报点（直报点得分计入时）")

    @staticmethod
    def resolve_rule(obj) -> int:
        return obj.rule_id

    @staticmethod
    def resolve_rule_label(obj) -> str:
        return obj.rule.label

    @staticmethod
    def resolve_item(obj) -> int | None:
        return obj.item_id

    @staticmethod
    def resolve_item_title(obj) -> str:
        return obj.item.title if obj.item_id else ""


class UnitLedgerOut(ApiSchema):
    scheme: int = Field(..., description="方案 ID")
    unit: UnitRef = Field(..., description="单位")
    period: PeriodOut = Field(..., description="时段")
    score: float = Field(..., description="本时段得分")
    cumulative: float = Field(..., description="年初至本时段末累计得分")
    lines: list[LineOut] = Field(..., description="本时段计分明细，按日期排列")
