"""The OpenAPI document shows the endpoints for issues, annotations and supervision,
solicitations and key points, each with a Chinese summary and the Idempotency-Key
promise on the creating POSTs."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

SUMMARIES = {
    ("/api/issues", "get"): "刊期列表",
    ("/api/issues", "post"): "新编一期",
    ("/api/issues/{issue_id}", "get"): "刊期详情",
    ("/api/issues/{issue_id}/addable", "get"): "可编入的信息",
    ("/api/issues/{issue_id}/entries", "post"): "编入文章",
    ("/api/issues/entries/{entry_id}", "patch"): "修改文章",
    ("/api/issues/entries/{entry_id}/move", "post"): "调整文章顺序",
    ("/api/issues/entries/{entry_id}", "delete"): "移出文章",
    ("/api/issues/{issue_id}/recipients", "put"): "设置报送、抄送范围",
    ("/api/issues/{issue_id}/sign", "post"): "签发",
    ("/api/issues/{issue_id}/release", "post"): "印发",
    ("/api/issues/{issue_id}/void", "post"): "作废",
    ("/api/issues/{issue_id}/read", "post"): "标记已读",
    ("/api/issues/{issue_id}/receipts", "get"): "阅读回执",
    ("/api/items/{item_id}/annotations", "get"): "信息的领导批示",
    ("/api/items/{item_id}/annotations", "post"): "批示",
    ("/api/tasks", "get"): "督办事项",
    ("/api/tasks/{task_id}", "get"): "督办详情",
    ("/api/tasks/{task_id}/feedback", "post"): "反馈落实情况",
    ("/api/tasks/{task_id}/feedback/{feedback_id}/file", "get"): "下载反馈附件",
    ("/api/tasks/{task_id}/close", "post"): "办结",
    ("/api/solicitations", "get"): "约稿列表",
    ("/api/solicitations", "post"): "发起约稿",
    ("/api/solicitations/{solicitation_id}", "get"): "约稿详情",
    ("/api/solicitations/{solicitation_id}/responses", "post"): "回应约稿",
    ("/api/solicitations/{solicitation_id}/responses", "get"): "回应情况",
    ("/api/key-points", "get"): "报送要点",
    ("/api/key-points", "post"): "发布报送要点",
    ("/api/key-points/counts", "get"): "报送要点统计",
    ("/api/items/{item_id}/key-points", "put"): "标注报送要点",
}
CREATING = [
    "/api/issues",
    "/api/issues/{issue_id}/entries",
    "/api/items/{item_id}/annotations",
    "/api/tasks/{task_id}/feedback",
    "/api/solicitations",
    "/api/solicitations/{solicitation_id}/responses",
    "/api/key-points",
]


def test_openapi_document_lists_the_bulletin_endpoints():
    paths = json.loads(Client().get("/api/openapi.json").content)["paths"]
    found = {
        (path, method): paths.get(path, {}).get(method, {}).get("summary")
        for path, method in SUMMARIES
    }
    assert found == SUMMARIES
    for path in CREATING:
        assert "Idempotency-Key" in paths[path]["post"]["description"], path
    assert paths["/api/tasks"]["get"]["tags"] == ["批示督办"]
