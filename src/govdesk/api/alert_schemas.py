"""Shapes of an office's alert settings (紧急信息提醒设置) under /api/emergencies: whom
it alerts and how, and its group robots and push addresses. A signing secret is
accepted but never returned: responses say only whether one is set."""

from typing import Literal

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, UnitRef, UserRef, legend
from govdesk.notifications.models import Signature, Webhook
from govdesk.notifications.webhooks import EVENTS

ROBOT_KINDS = tuple(c for c, _ in Webhook._meta.get_field("kind").choices)
KIND_LEGEND = "；".join(f"{c}={label}" for c, label in Webhook._meta.get_field("kind").choices)
EventCode = Literal[tuple(EVENTS)]
EVENT_LEGEND = "；".join(f"{code}={label}" for code, (label, _) in EVENTS.items())
MINUTES = {"ge": 0, "le": 10080}  # up to a week


class WebhookOut(ApiSchema):
    id: int = Field(..., description="推送通道 ID")
    name: str = Field(..., description="名称")
    kind: str = Field(..., description=f"格式：{KIND_LEGEND}")
    kind_label: str = Field(..., description="格式名称")
    url: str = Field(..., description="地址")
    has_secret: bool = Field(..., description="是否已设置加签密钥（密钥本身从不返回）")
    signature: str = Field(..., description=f"签名算法：{legend(Signature)}")
    is_active: bool = Field(..., description="是否启用")
    alerts: bool = Field(..., description="是否接收紧急信息提醒")
    events: list[str] = Field(..., description=f"订阅事件（仅通用推送地址）：{EVENT_LEGEND}")
    failures: int = Field(..., description="连续失败次数")
    disabled_reason: str = Field(..., description="自动停用的原因")

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_has_secret(obj) -> bool:
        return bool(obj.secret)


class AlertSettingsOut(ApiSchema):
    office: UnitRef = Field(..., description="办公室")
    leaders: list[UserRef] = Field(..., description="值班员之外同时提醒的领导")
    duty_officers: list[UserRef] = Field(..., description="提醒的值班员；为空则提醒本办全部值班员")
    email: bool = Field(..., description="是否同时发送电子邮件")
    escalate_after_minutes: int = Field(..., description="无人确认多少分钟后升级")
    remind_before_minutes: int = Field(..., description="报告到期前多少分钟提醒")
    follow_up_hours: int = Field(..., description="续报间隔（小时），0 为不限")
    webhooks: list[WebhookOut] = Field(..., description="群机器人与推送地址")


class AlertSettingsIn(InputSchema):
    leaders: list[int] = Field(
        default_factory=list, max_length=200, description="同时提醒的领导（本办领导的用户 ID）"
    )
    duty_officers: list[int] = Field(
        default_factory=list,
        max_length=200,
        description="提醒的值班员（本办值班员的用户 ID）；为空则提醒本办全部值班员",
    )
    email: bool = Field(True, description="是否同时发送电子邮件")
    escalate_after_minutes: int = Field(15, **MINUTES, description="无人确认多少分钟后升级")
    remind_before_minutes: int = Field(60, **MINUTES, description="报告到期前多少分钟提醒")
    follow_up_hours: int = Field(6, ge=0, le=720, description="续报间隔（小时），0 为不限")


class WebhookUpdateIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=50, description="名称")
    kind: Literal[ROBOT_KINDS] | None = Field(None, description=f"格式：{KIND_LEGEND}")
    url: str | None = Field(None, min_length=1, max_length=500, description="地址（https://…）")
    secret: str | None = Field(
        None,
        max_length=100,
        description="加签密钥：只写不读；不提供则不变，空字符串清除",
    )
    signature: Literal[tuple(Signature.values)] | None = Field(
        None, description=f"签名算法：{legend(Signature)}"
    )
    is_active: bool | None = Field(None, description="是否启用")
    alerts: bool | None = Field(None, description="是否接收紧急信息提醒")
    events: list[EventCode] | None = Field(
        None, max_length=len(EVENTS), description="订阅事件（仅通用推送地址）"
    )


class WebhookIn(WebhookUpdateIn):
    name: str = Field(..., min_length=1, max_length=50, description="名称")
    kind: Literal[ROBOT_KINDS] = Field(..., description=f"格式：{KIND_LEGEND}")
    url: str = Field(..., min_length=1, max_length=500, description="地址（https://…）")
    secret: str = Field("", max_length=100, description="加签密钥：只写不读")
    signature: Literal[tuple(Signature.values)] = Field(
        Signature.HMAC_SHA256.value, description=f"签名算法：{legend(Signature)}"
    )
    is_active: bool = Field(True, description="是否启用")
    alerts: bool = Field(True, description="是否接收紧急信息提醒")
    events: list[EventCode] = Field(
        default_factory=list, max_length=len(EVENTS), description="订阅事件（仅通用推送地址）"
    )
