"""The ``webhooks`` section of the OpenAPI document: what an office's subscribed push
address receives for each event (``notifications.webhooks``), how the call is
signed, and what its answer means. docs/webhooks.md has a receiver example."""

from ninja import Schema
from pydantic import Field

from govdesk.notifications.webhooks import EVENTS

SIGNING = (
    "每次推送为 POST，正文为 JSON（UTF-8）。同一事件对同一地址的每次重试和手动重新推送使用同一个"
    " `Idempotency-Key` 请求头（正文 `idempotency_key` 相同），接收方据此去重（至少送达一次）。"
    "设置了密钥的地址带签名：`X-GovDesk-Timestamp`（Unix 秒）和"
    " `X-GovDesk-Signature: hmac-sha256=<十六进制>`（或 `hmac-sm3=`，国密），"
    '签名内容为 `时间戳 + "." + 原始正文`，接收方须用同一密钥重新计算并比对，'
    "并拒绝与本机时间相差超过 5 分钟的时间戳。应答 2xx 视为送达；其他应答或超时按退避重试"
    "（15 秒、1 分钟、5 分钟、15 分钟、30 分钟、1 小时……最多 10 次），"
    "连续失败达到设定次数的地址自动停用并通知负责人。"
)


class WebhookOffice(Schema):
    id: int = Field(description="办公室编号")
    name: str = Field(description="办公室名称")


class WebhookObject(Schema):
    type: str = Field(description="对象类型，如 item、issue、annotation、event、circular")
    id: int = Field(description="对象编号")
    title: str = Field(description="对象标题")


class WebhookEvent(Schema):
    idempotency_key: str = Field(description="幂等键：同一事件对同一地址始终相同")
    kind: str = Field(description="固定为 webhook_event；测试推送为 test")
    event: str = Field(description="事件代码")
    event_name: str = Field(description="事件中文名称")
    change_id: int = Field(description="操作日志编号：同一事件的唯一编号")
    occurred_at: str = Field(description="发生时间（ISO 8601，北京时间）")
    office: WebhookOffice
    object: WebhookObject
    summary: str = Field(description="操作日志摘要")
    subject: str = Field(description="消息标题")
    text: str = Field(description="消息正文（事件推送为空）")
    created_at: str = Field(description="消息生成时间（ISO 8601）")
    url: str = Field(description="系统内链接（可能为空）")


def _inline(schema: dict) -> dict:
    """The JSON schema with its ``$defs`` written in place: the OpenAPI ``webhooks``
    section cannot point into a model's own definitions."""
    defs = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(defs[node["$ref"].rsplit("/", 1)[1]])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)


def openapi_webhooks() -> dict:
    body = _inline(WebhookEvent.model_json_schema())
    headers = {
        name: {"schema": {"type": "string"}, "description": text}
        for name, text in (
            ("Idempotency-Key", "幂等键"),
            ("X-GovDesk-Timestamp", "签名时间戳（Unix 秒），仅设置密钥的地址"),
            ("X-GovDesk-Signature", "hmac-sha256=<hex> 或 hmac-sm3=<hex>，仅设置密钥的地址"),
        )
    }
    return {
        code: {
            "post": {
                "summary": f"{label}（{code}）",
                "description": SIGNING,
                "parameters": [
                    {"name": name, "in": "header", **spec} for name, spec in headers.items()
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {**body, "title": label}}},
                },
                "responses": {
                    "200": {"description": "已接收（任何 2xx）"},
                    "500": {"description": "未接收：按退避重试"},
                },
            }
        }
        for code, (label, _) in EVENTS.items()
    }
