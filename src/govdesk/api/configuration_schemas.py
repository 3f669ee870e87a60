"""Shapes of the deployment-wide lists in 配置管理: the holiday calendar (/api/calendar)
and the word lists the pre-submission checks use (/api/words)."""

from datetime import date

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, QuerySchema, codes, legend
from govdesk.core.calendar import CALENDAR_SPAN_DAYS
from govdesk.core.models import CalendarDay
from govdesk.quality.models import Boilerplate, LexiconEntry, Severity


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class CalendarFilters(QuerySchema):
    year: int = Field(..., ge=1900, le=2200, description="年份，如 2026")


class CalendarDayOut(ApiSchema):
    id: int = Field(..., description="安排 ID")
    day: date = Field(..., description="日期")
    is_workday: bool = Field(..., description="true 调休上班，false 放假休息")
    note: str = Field(..., description="说明，如 国庆节")


class CalendarDaysIn(InputSchema):
    start: date = Field(..., description="开始日期，YYYY-MM-DD")
    end: date | None = Field(
        None, description=f"结束日期（含）；只登记一天时不填；一次最多 {CALENDAR_SPAN_DAYS} 天"
    )
    is_workday: bool = Field(False, description="true 调休上班，false 放假休息")
    note: str = Field("", max_length=_max(CalendarDay, "note"), description="说明，如 国庆节")


class BoilerplateOut(ApiSchema):
    id: int = Field(..., description="词条 ID")
    phrase: str = Field(..., description="套话")
    advice: str = Field(..., description="修改建议")


class BoilerplateIn(InputSchema):
    phrase: str = Field(
        ..., max_length=_max(Boilerplate, "phrase"), description="套话；已在表中则修改其建议"
    )
    advice: str = Field("", max_length=_max(Boilerplate, "advice"), description="修改建议")


SeverityCode = codes(Severity)


class LexiconOut(ApiSchema):
    id: int = Field(..., description="词条 ID")
    word: str = Field(..., description="词语")
    severity: str = Field(..., description=f"处理：{legend(Severity)}")
    severity_label: str = Field(..., description="处理方式名称")
    reason: str = Field(..., description="原因，命中时向报送人显示")

    @staticmethod
    def resolve_severity_label(obj) -> str:
        return obj.get_severity_display()


class LexiconIn(InputSchema):
    word: str = Field(
        ..., max_length=_max(LexiconEntry, "word"), description="词语；已在表中则修改其处理和原因"
    )
    severity: SeverityCode = Field(..., description=f"处理：{legend(Severity)}")
    reason: str = Field(
        ..., max_length=_max(LexiconEntry, "reason"), description="原因，命中时向报送人显示"
    )
