"""Request and response shapes for annotations and supervision (批示、督办)
(``api.supervision``); conventions as in ``schemas``."""

import datetime
from typing import Literal

from ninja import Field

from govdesk import policy
from govdesk.annotations.models import TaskState
from govdesk.annotations.services import DEFAULT_WORKDAYS
from govdesk.api.schemas import (
    ApiSchema,
    InputSchema,
    ItemRef,
    LocalDateTime,
    QuerySchema,
    UnitRef,
    UserRef,
    codes,
    legend,
)
from govdesk.units.models import Level

LevelCode = codes(Level)
TaskStatus = Literal["open", "overdue", "closed", "all"]


class TaskRef(ApiSchema):
    id: int = Field(..., description="督办 ID")
    unit: UnitRef = Field(..., description="承办单位")
    deadline: datetime.date = Field(..., description="办理期限")
    state: int = Field(..., description=f"状态：{legend(TaskState)}")


class AnnotationOut(ApiSchema):
    id: int = Field(..., description="批示 ID")
    item: ItemRef = Field(..., description="被批示的信息")
    leader: UserRef | None = Field(None, description="批示领导的账号；代为录入时为空")
    leader_name: str = Field(..., description="领导姓名职务")
    leader_level: int = Field(..., description=f"领导层级：{legend(Level)}")
    leader_level_label: str = Field(..., description="领导层级名称")
    text: str = Field(..., description="批示内容")
    annotated_at: LocalDateTime = Field(..., description="批示时间")
    requires_action: bool = Field(..., description="是否需办理落实（开启督办）")
    on_behalf: bool = Field(..., description="是否由编辑代为录入")
    evidence: str = Field(..., description="代录依据")
    entered_by: UserRef = Field(..., description="录入人")
    tasks: list[TaskRef] = Field(..., description="开启的督办事项")

    @staticmethod
    def resolve_leader_level_label(obj) -> str:
        return obj.get_leader_level_display()

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.select_related("unit").order_by("unit__path"))


class AnnotationIn(InputSchema):
    text: str = Field(..., max_length=5000, description="批示内容")
    requires_action: bool = Field(False, description="需办理落实：为承办单位开启督办")
    unit_ids: list[int] | None = Field(None, description="承办单位 ID；缺省为信息的原报送单位")
    workdays: int = Field(
        DEFAULT_WORKDAYS, description="办理期限（工作日数，已计入法定节假日和调休）"
    )
    on_behalf: bool = Field(False, description="代为录入纸质或上级领导的批示（本办编辑）")
    leader_name: str = Field("", max_length=100, description="代录时：领导姓名职务")
    leader_level: LevelCode | None = Field(None, description=f"代录时：领导层级，{legend(Level)}")
    annotated_at: LocalDateTime | None = Field(None, description="代录时：批示时间；缺省为现在")
    evidence: str = Field("", max_length=200, description="代录时：依据，如纸质批件编号")


class AnnotationRef(ApiSchema):
    id: int = Field(..., description="批示 ID")
    leader_name: str = Field(..., description="领导姓名职务")
    text: str = Field(..., description="批示内容")
    item: ItemRef = Field(..., description="被批示的信息")


class TaskOut(ApiSchema):
    id: int = Field(..., description="督办 ID")
    annotation: AnnotationRef = Field(..., description="批示")
    unit: UnitRef = Field(..., description="承办单位")
    office: UnitRef = Field(..., description="督办办公室")
    deadline: datetime.date = Field(..., description="办理期限")
    deadline_estimated: bool = Field(..., description="期限超出节假日日历，按周末推算")
    state: int = Field(..., description=f"状态：{legend(TaskState)}")
    state_label: str = Field(..., description="状态名称")
    is_overdue: bool = Field(..., description="是否逾期未反馈")
    opened_at: LocalDateTime = Field(..., description="督办时间")
    answered_at: LocalDateTime | None = Field(None, description="首次反馈时间")
    closed_at: LocalDateTime | None = Field(None, description="办结时间")

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class FeedbackOut(ApiSchema):
    id: int = Field(..., description="反馈 ID")
    text: str = Field(..., description="落实情况")
    original_name: str = Field(..., description="附件文件名；无附件为空")
    author: UserRef = Field(..., description="反馈人")
    created_at: LocalDateTime = Field(..., description="反馈时间")


class TaskDetailOut(TaskOut):
    feedback: list[FeedbackOut] = Field(..., description="反馈记录，时间先后排列")
    can_feedback: bool = Field(..., description="当前用户可否反馈（承办单位）")
    can_close: bool = Field(..., description="当前用户可否办结（督办办公室）")

    @staticmethod
    def resolve_feedback(obj) -> list:
        return list(obj.feedback.select_related("author"))

    @staticmethod
    def resolve_can_feedback(obj, context) -> bool:
        return policy.can(context["request"].auth, "task.feedback", obj)

    @staticmethod
    def resolve_can_close(obj, context) -> bool:
        return policy.can(context["request"].auth, "task.close", obj)


class TaskFilters(QuerySchema):
    status: TaskStatus = Field(
        "open", description="open=未办结；overdue=逾期未反馈；closed=已办结；all=全部"
    )
