"""The OpenAPI document and the docs page, which must work on an intranet with no internet."""

import json
import re
from collections import defaultdict

import pytest
from django.test import Client
from ninja import Schema

import govdesk.api.urls  # every router's schemas defined

pytestmark = pytest.mark.django_db


def test_the_document_is_built_once_per_process(monkeypatch):
    api = govdesk.api.urls.api
    built = []
    build = api._build_openapi_schema
    monkeypatch.setattr(api, "_documents", {})
    monkeypatch.setattr(
        api, "_build_openapi_schema", lambda prefix: built.append(prefix) or build(prefix)
    )
    first, second = (Client().get("/api/openapi.json") for _ in range(2))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert built == ["/api/"]


def test_openapi_document_lists_the_paths():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/items",
        "/api/items/{item_id}",
        "/api/items/{item_id}/actions/{action}",
        "/api/items/{item_id}/adopt",
        "/api/items/{item_id}/forward",
        "/api/units",
        "/api/publications",
        "/api/adoptions",
    ):
        assert path in document["paths"], path
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert document["paths"]["/api/items"]["get"]["summary"] == "信息列表"


def test_every_schema_has_a_name_of_its_own():
    """The document names each schema after its class: two classes of one name become
    one entry, and the operations of one of them are documented with the other's fields
    (an item's history was once described as the change log's rows)."""
    classes = defaultdict(set)

    def walk(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("govdesk."):
                classes[sub.__name__].add(f"{sub.__module__}.{sub.__qualname__}")
            walk(sub)

    walk(Schema)
    assert len(classes) > 100
    assert {name: found for name, found in classes.items() if len(found) > 1} == {}
    schemas = json.loads(Client().get("/api/openapi.json").content)["components"]["schemas"]
    history = schemas["ItemDetailOut"]["properties"]["history"]["items"]["$ref"]
    entry = schemas[history.rsplit("/", 1)[1]]
    assert {"action", "actor", "at", "details", "summary"} <= set(entry["properties"])
    assert "ip" not in entry["properties"]


def test_docs_page_loads_nothing_from_the_internet():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=[\"']([^\"']+)", html)
    assert sources, html
    assert all(src.startswith("/static/") for src in sources), sources
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", html)
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # No validator badge fetched from validator.swagger.io either.
    assert '"validatorUrl": null' in html


def test_system_check_reports_missing_ninja_app(monkeypatch):
    from types import SimpleNamespace

    from govdesk.api import checks

    assert checks.ninja_static_files(None) == []
    monkeypatch.setattr(checks, "settings", SimpleNamespace(INSTALLED_APPS=["govdesk.api"]))
    assert [e.id for e in checks.ninja_static_files(None)] == ["govdesk.api.E001"]


def test_wrong_method_and_unknown_address_answer_json_in_chinese(world, login):
    client = login(world.a_officer)
    response = client.put("/api/items", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": "该接口不支持 PUT 请求。"}
    assert "GET" in response["Allow"]
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "接口地址不存在，请查阅 /api/docs。"}


def test_json_is_utf8_not_escaped(world, login):
    response = login(world.a_officer).get("/api/items/999")
    assert "信息不存在".encode() in response.content


def test_api_root_leads_to_the_docs():
    response = Client().get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"
