"""The JSON API, mounted at /api/: OpenAPI at /api/openapi.json, docs at /api/docs."""

from govdesk.api import (
    alerts,
    awards,
    bulletins,
    catalog,
    configuration,
    emergencies,
    errors,
    items,
    people,
    portal_desk,
    public,
    publication_settings,
    scoring,
    security,
    sharing,
    solicitations,
    structure,
    supervision,
    webhook_docs,
)
from govdesk.api.auth import AUTH
from govdesk.api.base import ChineseJSONRenderer, GovDeskAPI
from govdesk.api.docs import LocalSwagger

DESCRIPTION = """
政务信息报送、采编、计分考核系统的 JSON 接口。

**认证**：

* 接口令牌：请求头 `Authorization: Bearer <令牌>`。令牌由管理员执行
  `govdesk create_api_token 用户名 --name 用途` 签发，只显示一次。
* 浏览器会话：登录系统网页后即可调用；修改数据的请求须在 `X-CSRFToken` 头中提供 CSRF 令牌。

`/api/public/` 下的门户网站接口无需认证，只提供已发布的文章。

接口与网页遵循同一权限规则：无权查看的对象返回 404，无权操作返回 403。

**重复提交**：创建数据的 POST 接口（起草信息、新编一期、编入文章、批示、反馈、约稿、
回应约稿、发布报送要点、建立考核方案、新增计分规则和考核目标）接受 `Idempotency-Key`
请求头：同一用户以相同的键重发同一接口，返回第一次创建的结果，不会重复创建。

**错误**：一律返回 JSON `{"detail": "中文说明", "errors": {"字段": ["说明"]}}`，
`errors` 仅在具体字段有误时出现。400 请求格式有误；401 未认证；403 无权限；
404 不存在或无权查看；409 状态不允许该操作或信息已被他人修改；413 请求体过大；
422 提交的内容有误（如涉密信息、超长文本、控制字符、超出范围的数值）。

**限制**：正文最多 20000 字，其他文本字段的上限见各字段说明（maxLength）；
文本不得包含控制字符（制表符和换行除外）；整数须在 64 位整数范围内；
JSON 或表单请求体最多 2 MB（附件除外）。
"""

api = GovDeskAPI(
    title="GovDesk 政务信息系统 API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=LocalSwagger(settings={"docExpansion": "list", "persistAuthorization": True}),
    auth=AUTH,
    renderer=ChineseJSONRenderer(),
    openapi_extra={"webhooks": webhook_docs.openapi_webhooks()},
)
errors.install(api)
api.add_router("/items", items.router)
api.add_router("/items", supervision.annotations)
api.add_router("/items", solicitations.item_key_points)
api.add_router("/units", catalog.units)
api.add_router("/units", structure.unit_structure)
api.add_router("/publications", catalog.publications)
api.add_router("/publications", structure.external_publications)
api.add_router("/publications", publication_settings.router)
api.add_router("/adoptions", catalog.adoptions)
api.add_router("/issues", bulletins.router)
api.add_router("/tasks", supervision.tasks)
api.add_router("/solicitations", solicitations.solicitations)
api.add_router("/key-points", solicitations.key_points)
api.add_router("/schemes", scoring.router)
api.add_router("/emergencies", emergencies.emergencies)
api.add_router("/emergencies", alerts.router)
api.add_router("/duty", emergencies.duty_rosters)
api.add_router("/circulars", sharing.circulars)
api.add_router("/awards", sharing.awards)
api.add_router("/awards", awards.router)
api.add_router("/search", sharing.search)
api.add_router("/notifications", sharing.notifications)
api.add_router("/people", people.router)
api.add_router("/calendar", configuration.calendar)
api.add_router("/words", configuration.word_lists)
api.add_router("/security", security.security)
api.add_router("/audit", security.audit)
api.add_router("/public", public.router)
api.add_router("/portal", portal_desk.router)
