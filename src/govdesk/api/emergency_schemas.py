"""Shapes of /api/emergencies and /api/duty: events, their written reports and phone
pre-reports, the board, alerts, and the daily duty roster."""

from datetime import date, datetime
from typing import Literal

from ninja import Field

from govdesk.api.schemas import (
    ApiSchema,
    InputSchema,
    LocalDateTime,
    QuerySchema,
    UnitRef,
    codes,
    legend,
)
from govdesk.emergencies import selectors
from govdesk.emergencies.models import Category, Reason, Severity
from govdesk.lib.text import BODY_MAX
from govdesk.scoring.models import LearnedFrom, PenaltyKind

CategoryCode = codes(Category)
SeverityCode = codes(Severity)


class PhoneOut(ApiSchema):
    caller: str = Field(..., description="来电人")
    called_at: datetime = Field(..., description="来电时间")
    summary: str = Field(..., description="电话报告内容")
    taken_by: str = Field(..., description="接电话的值班员")


class EventOut(ApiSchema):
    id: int = Field(..., description="事件 ID")
    title: str = Field(..., description="事件")
    office: UnitRef = Field(..., description="接收办公室")
    unit: UnitRef = Field(..., description="报告单位")
    category: str = Field(..., description=f"事件类别：{legend(Category)}")
    category_label: str = Field(..., description="事件类别名称")
    severity: int = Field(..., description=f"事件级别：{legend(Severity)}")
    severity_label: str = Field(..., description="事件级别名称")
    place: str = Field(..., description="地点")
    occurred_at: datetime = Field(..., description="事发时间")
    learned_at: datetime = Field(..., description="接报时间")
    report_due_at: datetime = Field(..., description="首份书面报告时限")
    next_due_at: datetime | None = Field(None, description="下次报告时限；已终报为空")
    last_report_at: datetime | None = Field(None, description="最近一份书面报告送达时间")
    closed_at: datetime | None = Field(None, description="终报时间；处置中为空")
    is_open: bool = Field(..., description="是否仍在处置（未终报）")
    is_overdue: bool = Field(..., description="下次报告是否已超时限")
    daily_reporting: bool = Field(..., description="是否实行日报（每日续报）")
    phone: PhoneOut | None = Field(None, description="先电话后书面：值班员记录的电话报告")

    @staticmethod
    def resolve_category_label(obj) -> str:
        return obj.get_category_display()

    @staticmethod
    def resolve_severity_label(obj) -> str:
        return obj.get_severity_display()

    @staticmethod
    def resolve_phone(obj) -> dict | None:
        if obj.phone_at is None:
            return None
        taker = obj.phone_taken_by
        return {
            "caller": obj.phone_caller,
            "called_at": obj.phone_at,
            "summary": obj.phone_summary,
            "taken_by": taker.get_full_name() if taker else "",
        }


class ReportOut(ApiSchema):
    id: int = Field(..., description="报告 ID")
    label: str = Field(..., description="首报、续报N 或 终报")
    sequence: int = Field(..., description="序号：0 为首报，1、2…… 为续报")
    is_final: bool = Field(..., description="是否终报")
    item_id: int = Field(..., description="报告所在信息的 ID（/api/items/{id}）")
    title: str = Field(..., description="标题")
    casualties: str = Field(..., description="伤亡情况")
    trend: str = Field(..., description="发展趋势")
    leaders_on_site: str = Field(..., description="到场领导")
    measures: str = Field(..., description="已采取措施")
    due_at: datetime | None = Field(None, description="该报告的报送时限")
    received_at: datetime | None = Field(None, description="送达办公室的时间")
    is_late: bool = Field(..., description="是否迟报（送达晚于时限）")

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.item.title


class EventDetailOut(EventOut):
    reports: list[ReportOut] = Field(..., description="书面报告，按序号排列")
    acknowledged: list[str] = Field(..., description="已确认收到提醒的人")
    my_alerts: int = Field(..., description="当前用户尚未确认的该事件提醒条数")

    @staticmethod
    def resolve_reports(obj) -> list:
        return list(obj.reports.select_related("item").order_by("sequence"))

    @staticmethod
    def resolve_acknowledged(obj) -> list[str]:
        return selectors.acknowledgers(obj)

    @staticmethod
    def resolve_my_alerts(obj, context) -> int:
        mine = selectors.my_alerts(user=context["request"].auth)
        return mine.filter(message__event=obj).count()


class BoardRowOut(ApiSchema):
    event: EventOut = Field(..., description="处置中的事件")
    seconds_left: int | None = Field(None, description="距下次报告时限的秒数，负数为已超时")
    overdue: bool = Field(..., description="下次报告是否已超时限")
    last_report: str | None = Field(None, description="最近一份已送达报告（首报、续报N）")
    acknowledged: list[str] = Field(..., description="已确认收到提醒的人")
    waiting: int = Field(..., description="尚未确认的提醒条数")
    mine: int = Field(..., description="当前用户尚未确认的提醒条数")


class AlertOut(ApiSchema):
    id: int = Field(..., description="提醒 ID")
    event_id: int = Field(..., description="事件 ID")
    reason: str = Field(..., description=f"原因：{legend(Reason)}")
    subject: str = Field(..., description="标题")
    text: str = Field(..., description="内容")
    created_at: datetime = Field(..., description="时间")

    @staticmethod
    def resolve_event_id(obj) -> int:
        return obj.message.event_id

    @staticmethod
    def resolve_reason(obj) -> str:
        return obj.message.reason

    @staticmethod
    def resolve_subject(obj) -> str:
        return obj.message.subject

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.message.text

    @staticmethod
    def resolve_created_at(obj) -> datetime:
        return obj.message.created_at


class AcknowledgedOut(ApiSchema):
    acknowledged: int = Field(..., description="本次确认的提醒条数（0 表示此前已全部确认）")


class EventFilters(QuerySchema):
    open: bool | None = Field(None, description="true 只列处置中的事件，false 只列已终报的")


class FactsIn(InputSchema):
    occurred_at: LocalDateTime | None = Field(None, description="事发时间（ISO 8601，带时区）")
    learned_at: LocalDateTime | None = Field(None, description="接报时间：本单位得知事件的时间")
    place: str | None = Field(None, max_length=200, description="地点")
    category: CategoryCode | None = Field(None, description=f"事件类别：{legend(Category)}")
    severity: SeverityCode | None = Field(None, description=f"事件级别：{legend(Severity)}")


class ReportIn(FactsIn):
    unit_id: int | None = Field(
        None, description="报告单位 ID；不填为本人可报送的第一个单位（续报时为事件的单位）"
    )
    event_id: int | None = Field(
        None, description="续报、终报或电话报告后的首份书面报告：所属事件 ID；新事件不填"
    )
    title: str = Field(..., min_length=1, max_length=200, description="标题")
    body: str = Field(..., min_length=1, max_length=BODY_MAX, description="正文")
    casualties: str = Field("", max_length=200, description="伤亡情况")
    trend: str = Field("", max_length=200, description="发展趋势")
    leaders_on_site: str = Field("", max_length=200, description="到场领导")
    measures: str = Field("", max_length=2000, description="已采取措施")
    writer: str = Field("", max_length=50, description="执笔人；不填为本人姓名")
    contact_phone: str = Field("", max_length=30, description="联系电话；不填为本人电话")
    is_final: bool = Field(False, description="终报：事件处置完毕，结束报告")


class PhoneIn(FactsIn):
    unit_id: int = Field(..., description="来电单位 ID（须直属本人值班的办公室）")
    title: str = Field(..., min_length=1, max_length=200, description="事件")
    caller: str = Field(..., min_length=1, max_length=50, description="来电人")
    called_at: LocalDateTime = Field(..., description="来电时间")
    summary: str = Field(..., min_length=1, max_length=BODY_MAX, description="电话报告内容")


class DailyIn(InputSchema):
    daily: bool = Field(..., description="true 实行日报（每日续报），false 取消")


class RosterOut(ApiSchema):
    unit: UnitRef = Field(..., description="单位")
    day: date = Field(..., description="日期")
    leader: str = Field(..., description="带班领导")
    officer: str = Field(..., description="值班员")
    phone: str = Field(..., description="值班电话")


class RosterFilters(QuerySchema):
    day: date | None = Field(None, description="日期，YYYY-MM-DD；不填为今天")


class RosterIn(InputSchema):
    leader: str = Field(..., min_length=1, max_length=50, description="带班领导")
    officer: str = Field(..., min_length=1, max_length=50, description="值班员")
    phone: str = Field(..., min_length=1, max_length=30, description="值班电话")


class PenaltyOut(ApiSchema):
    id: int = Field(..., description="记录 ID")
    unit: UnitRef = Field(..., description="责任单位")
    kind: str = Field(..., description=f"类型：{legend(PenaltyKind)}")
    kind_label: str = Field(..., description="类型名称")
    occurred_on: date = Field(..., description="发生日期")
    learned_from: str = Field(..., description=f"获知途径：{legend(LearnedFrom)}")
    serious_impact: bool = Field(..., description="是否造成重大影响")
    description: str = Field(..., description="情况说明")
    withdrawn: bool = Field(..., description="是否已撤销")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class PenaltyFilters(QuerySchema):
    year: int = Field(..., ge=2000, le=2100, description="年度")


class PenaltyIn(InputSchema):
    unit_id: int = Field(..., description="责任单位 ID（直属本人编辑的办公室）")
    kind: Literal["missed", "wrong", "untrue"] = Field(
        ..., description="类型：missed=漏报；wrong=误报；untrue=不实信息（迟报由系统自动记录）"
    )
    occurred_on: date = Field(..., description="发生日期")
    learned_from: Literal["media", "superior", "public", "other"] = Field(
        ..., description="获知途径：media=媒体报道；superior=上级通报；public=群众反映；other=其他"
    )
    serious_impact: bool = Field(False, description="是否造成重大影响")
    description: str = Field(..., min_length=1, max_length=2000, description="情况说明")


class PenaltyCancelIn(InputSchema):
    reason: str = Field(..., max_length=500, description="撤销理由（必填）")


class SpotCheckIn(InputSchema):
    unit_id: int = Field(..., description="被抽查单位 ID（直属本人值班的办公室）")
    checked_at: LocalDateTime = Field(..., description="抽查时间")
    number: str = Field(..., min_length=1, max_length=30, description="拨打号码")
    answered: bool = Field(..., description="是否接听")
    answered_by: str = Field("", max_length=50, description="接听人")
    notes: str = Field("", max_length=500, description="情况说明")


class SpotCheckOut(ApiSchema):
    id: int = Field(..., description="抽查 ID")
    unit: UnitRef = Field(..., description="被抽查单位")
    checked_at: datetime = Field(..., description="抽查时间")
    number: str = Field(..., description="拨打号码")
    answered: bool = Field(..., description="是否接听")
    answered_by: str = Field(..., description="接听人")
    notes: str = Field(..., description="情况说明")
