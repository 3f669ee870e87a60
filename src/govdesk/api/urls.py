from ninja import NinjaAPI

api = NinjaAPI(
    title="GovDesk 政务信息系统 API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
